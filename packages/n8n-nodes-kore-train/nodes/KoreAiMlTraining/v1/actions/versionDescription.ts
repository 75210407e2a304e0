import type { INodeProperties } from 'n8n-workflow';
import * as getStatus from './getStatus/getStatus.description';
import * as startTraining from './startTraining/startTraining.description';
import * as trainAndWait from './trainAndWait/trainAndWait.description';
import * as waitForTraining from './waitForTraining/waitForTraining.description';

/**
 * The outputs of version 1: one, or "Finished" and "Failed" when a wait operation sends Failed
 * trainings to their own output. An n8n expression, evaluated in the editor and when it runs.
 */
export const outputsExpression: `={{${string}}}` =
  '={{ ["waitForTraining", "trainAndWait"].includes($parameter.operation) && ($parameter.options || {}).onFailed === "output" ? [{ "type": "main", "displayName": "Finished" }, { "type": "main", "displayName": "Failed" }] : [{ "type": "main" }] }}';

/** Every parameter of version 1: the operation, then each operation's own (one folder each). */
export const properties: INodeProperties[] = [
  {
    displayName: 'Operation',
    name: 'operation',
    type: 'options',
    noDataExpression: true,
    options: [
      {
        name: 'Get Status',
        value: 'getStatus',
        description: 'Read the ML training status of a bot once',
        action: 'Get the ML training status of a bot',
      },
      {
        name: 'Start Training',
        value: 'startTraining',
        description: 'Queue an ML training of a bot and return at once',
        action: 'Start the ML training of a bot',
      },
      {
        name: 'Train and Wait',
        value: 'trainAndWait',
        description: 'Start an ML training and wait until it is Finished or Failed',
        action: 'Train a bot and wait for the result',
      },
      {
        name: 'Wait for Training',
        value: 'waitForTraining',
        description: 'Wait until the current ML training is Finished or Failed',
        action: 'Wait for the ML training of a bot',
      },
    ],
    default: 'getStatus',
  },
  ...getStatus.description,
  ...startTraining.description,
  ...trainAndWait.description,
  ...waitForTraining.description,
];
