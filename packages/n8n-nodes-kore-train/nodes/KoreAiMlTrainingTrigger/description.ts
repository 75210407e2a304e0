import type { INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, stateField } from '../KoreAiMlTraining/v1/actions/common.description';

export const triggerOnField: INodeProperties = {
  displayName: 'Trigger On',
  name: 'event',
  type: 'options',
  noDataExpression: true,
  options: [
    {
      name: 'Any Status Change',
      value: 'statusChange',
      description: 'Every new training status or train version: Inprogress, Finished, Failed, or a status Kore.ai adds later',
    },
    {
      name: 'Training Ended',
      value: 'ended',
      description: 'A training Finished or Failed',
    },
    {
      name: 'Training Failed',
      value: 'failed',
      description: 'A training Failed',
    },
    {
      name: 'Training Finished',
      value: 'finished',
      description: 'A training Finished',
    },
  ],
  default: 'ended',
  description: 'Which changes of the training status start the workflow. Activating the workflow never fires for a training that ended before.',
};

export const properties: INodeProperties[] = [triggerOnField, botIdField, languageField, stateField];
