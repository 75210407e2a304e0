import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, stateField, waitOptions } from '../common.description';

const properties: INodeProperties[] = [botIdField, languageField, stateField, waitOptions];

export const description = updateDisplayOptions({ show: { operation: ['trainAndWait'] } }, properties);
