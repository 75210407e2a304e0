import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { trainingFailedError, type TrainingStatus, type WaitResult } from '@kore-train/core/engine';
import type { ItemResult, OnFailed } from './types';

export const botIdField: INodeProperties = {
  displayName: 'Bot ID',
  name: 'botId',
  type: 'string',
  default: '',
  required: true,
  placeholder: 'st-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
  description: 'The Bot ID or Stream ID, from the bot\'s General Settings in the Bot Builder',
};

export const languageField: INodeProperties = {
  displayName: 'Language',
  name: 'language',
  type: 'string',
  default: '',
  placeholder: 'en',
  description: 'Language code of the bot language to train or check, such as "en" or "de". Empty means the bot\'s default language.',
};

export const stateField: INodeProperties = {
  displayName: 'State',
  name: 'state',
  type: 'options',
  options: [
    { name: 'Configured (In Development)', value: 'configured' },
    { name: 'Published', value: 'published' },
  ],
  default: 'configured',
  description: 'Which version of the bot to check',
};

const concurrencyOption: INodeProperties = {
  displayName: 'Concurrency',
  name: 'concurrency',
  type: 'number',
  typeOptions: { minValue: 1, maxValue: 20 },
  default: 5,
  noDataExpression: true,
  description: 'How many items are processed at the same time. Items for the same bot share one poll loop.',
};

export const quickOptions: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add option',
  default: {},
  options: [concurrencyOption],
};

export const waitOptions: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add option',
  default: {},
  options: [
    concurrencyOption,
    {
      displayName: 'Max Poll Interval (Seconds)',
      name: 'maxPollInterval',
      type: 'number',
      typeOptions: { minValue: 1 },
      // n8n's lint wants a literal; a unit test keeps it equal to core's DEFAULT_SCHEDULE.
      default: 30,
      description: 'The longest wait between two status checks; the wait grows from the poll interval up to this as the training goes on',
    },
    {
      displayName: 'On Failed Training',
      name: 'onFailed',
      type: 'options',
      noDataExpression: true,
      options: [
        {
          name: 'Stop With an Error',
          value: 'error',
          description: 'A Failed training is an error of the item (the workflow stops unless "On Error" says otherwise)',
        },
        {
          name: 'Send to "Failed" Output',
          value: 'output',
          description: 'The node gets a second output: Finished trainings go to the first, Failed ones to the second',
        },
      ],
      default: 'error',
      description: 'What happens when Kore.ai reports the training as Failed',
    },
    {
      displayName: 'Poll Interval (Seconds)',
      name: 'pollInterval',
      type: 'number',
      typeOptions: { minValue: 0.1, numberPrecision: 1 },
      // n8n's lint wants a literal; a unit test keeps it equal to core's DEFAULT_SCHEDULE.
      default: 1,
      description: 'The first and shortest wait between two status checks',
    },
    {
      displayName: 'Timeout (Minutes)',
      name: 'timeout',
      type: 'number',
      typeOptions: { minValue: 0 },
      // n8n's lint wants a literal; a unit test keeps it equal to core's DEFAULTS.timeoutMs.
      default: 60,
      description: 'Give up (with an error) when the training has not ended after this long. 0 checks the status once.',
    },
  ],
};

export interface Target {
  botId: string;
  language?: string;
  state?: string;
}

/** Bot ID, Language and (when the operation has it) State of one item; the core validates them. */
export function readTarget(this: IExecuteFunctions, itemIndex: number, withState: boolean): Target {
  const botId = this.getNodeParameter('botId', itemIndex) as string;
  const language = this.getNodeParameter('language', itemIndex, '') as string;
  const target: Target = { botId };
  if (language !== '' && language !== undefined && language !== null) target.language = language;
  if (withState) target.state = this.getNodeParameter('state', itemIndex, 'configured') as string;
  return target;
}

function readNumber(this: IExecuteFunctions, options: IDataObject, key: string, label: string, unit: string, min: number, itemIndex: number): number | undefined {
  const value = options[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (min > 0 && value === 0)) {
    throw new NodeOperationError(this.getNode(), `${label} must be a number of ${unit} ${min > 0 ? 'greater than 0' : '>= 0'} (got ${JSON.stringify(value)})`, {
      itemIndex,
      description: `Fix the "${label}" option of this node.`,
    });
  }
  return value;
}

export interface WaitSettings {
  timeoutMs?: number;
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

/** The wait options of one item, in the core's milliseconds. */
export function readWaitSettings(this: IExecuteFunctions, itemIndex: number): WaitSettings {
  const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
  const settings: WaitSettings = {};
  const timeout = readNumber.call(this, options, 'timeout', 'Timeout', 'minutes', 0, itemIndex);
  if (timeout !== undefined) settings.timeoutMs = Math.round(timeout * 60_000);
  const poll = readNumber.call(this, options, 'pollInterval', 'Poll Interval', 'seconds', 0.001, itemIndex);
  if (poll !== undefined) settings.pollIntervalMs = Math.round(poll * 1000);
  const maxPoll = readNumber.call(this, options, 'maxPollInterval', 'Max Poll Interval', 'seconds', 0.001, itemIndex);
  if (maxPoll !== undefined) settings.maxPollIntervalMs = Math.round(maxPoll * 1000);
  // A poll interval above the default ceiling lifts the ceiling (the core does so) rather than failing.
  if (settings.pollIntervalMs !== undefined && settings.maxPollIntervalMs !== undefined && settings.maxPollIntervalMs < settings.pollIntervalMs) {
    throw new NodeOperationError(this.getNode(), 'Max Poll Interval must not be shorter than Poll Interval', {
      itemIndex,
      description: 'Fix the "Max Poll Interval" or "Poll Interval" option of this node.',
    });
  }
  return settings;
}

/** The status as an item: Kore.ai's fields as they came, plus the core's allInSync / outOfSync. */
export function statusJson(status: TrainingStatus): IDataObject {
  return { ...status } as IDataObject;
}

function targetJson(target: Target): IDataObject {
  const json: IDataObject = { botId: target.botId };
  if (target.language !== undefined) json.language = target.language;
  if (target.state !== undefined) json.state = target.state;
  return json;
}

/** A finished or failed wait as an item, routed by the On Failed Training option. */
export function waitItem(
  this: IExecuteFunctions,
  target: Target,
  result: WaitResult,
  onFailed: OnFailed,
  extra: IDataObject = {},
): ItemResult {
  const json: IDataObject = {
    ...targetJson(target),
    ...extra,
    outcome: result.outcome,
    trainingStatus: result.status.trainingStatus,
    allInSync: result.status.allInSync,
    outOfSync: result.status.outOfSync,
    status: statusJson(result.status),
    requests: result.requests,
    elapsedMs: result.elapsedMs,
    transitions: result.transitions as unknown as IDataObject[],
  };
  if (result.outcome === 'failed') {
    if (onFailed === 'output') return { json, output: 1 };
    throw trainingFailedError(target.botId, result);
  }
  return { json, output: 0 };
}

export { targetJson };
