import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, readTarget, readWaitSettings, stateField, waitItem, waitOptions } from '../common';
import type { ItemResult, RunContext } from '../types';

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

/** The Resume Token option, when set; core judges whether it is a token. */
function readResumeToken(this: IExecuteFunctions, itemIndex: number): string | undefined {
  const value = (this.getNodeParameter('options', itemIndex, {}) as IDataObject).resumeFrom;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  return typeof value === 'string' ? value.trim() : (value as unknown as string);
}

/**
 * Waits until the current (or last) training is Finished or Failed, polling less often as time goes by;
 * or, with a Resume Token, goes on with a wait an earlier execution began (its bot, deadline and guard
 * against the previous training's Finished come from the token).
 */
export async function execute(this: IExecuteFunctions, run: RunContext, itemIndex: number): Promise<ItemResult> {
  const target = readTarget.call(this, itemIndex, true);
  const settings = readWaitSettings.call(this, itemIndex);
  const resumeToken = readResumeToken.call(this, itemIndex);
  if (resumeToken === undefined) {
    const result = await run.client.waitForTraining({ ...target, state: target.state as 'configured', ...settings, signal: run.signal });
    return waitItem.call(this, target, result, run.onFailed);
  }
  let botId = target.botId;
  const result = await run.client.resumeWait(resumeToken, {
    signal: run.signal,
    // The token names the bot; the events say which, for the item.
    onProgress: (event) => (botId = event.botId),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
  });
  return waitItem.call(this, { botId }, result, run.onFailed, { resumed: true });
}
