import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, quickOptions, stateField } from '../common.description';

const properties: INodeProperties[] = [botIdField, languageField, stateField, quickOptions];

export const description = updateDisplayOptions({ show: { operation: ['getStatus'] } }, properties);
