import type { INodeProperties } from 'n8n-workflow';

// The fields the operations (and the trigger) share; each operation's folder lists the ones it shows.

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

/** Core's field names as n8n shows them, by where they live: errors that name a field use these words. */
export const fieldLabels = {
  parameter: { botId: botIdField.displayName, language: languageField.displayName, state: stateField.displayName, triggerOn: 'Trigger On' },
  option: { timeoutMs: 'Timeout', pollIntervalMs: 'Poll Interval', maxPollIntervalMs: 'Max Poll Interval', resumeToken: 'Resume Token' },
  credential: { host: 'Host / Custom URL', clientId: 'Client ID', clientSecret: 'Client Secret', privateKey: 'Private Key', algorithm: 'Algorithm', claims: 'Extra JWT Claims' },
};
