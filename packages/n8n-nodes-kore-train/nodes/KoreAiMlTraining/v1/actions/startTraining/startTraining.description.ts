import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, quickOptions } from '../common.description';

const properties: INodeProperties[] = [botIdField, languageField, quickOptions];

export const description = updateDisplayOptions({ show: { operation: ['startTraining'] } }, properties);
