import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { summarizeStatus, triggerOnSetting, watchTraining, type BotTarget, type Seen, type TrainingStatus } from '@kore-train/core/engine';
import { readTarget } from '../KoreAiMlTraining/v1/actions/common';
import { createClientFromCredentials, CREDENTIAL_TYPE, secretsOf } from '../KoreAiMlTraining/v1/helpers/client';
import { toNodeError } from '../KoreAiMlTraining/v1/helpers/errors';
import { httpRequestTransport } from '../KoreAiMlTraining/v1/helpers/transport';

/**
 * The trigger's item: the same fields as the action node's Get Status and Wait items (bot, core's summary,
 * the full `status`), plus what the trigger saw before.
 */
function triggerItem(target: BotTarget, status: TrainingStatus, previous?: Seen): INodeExecutionData {
  const json: IDataObject = { ...target, ...summarizeStatus(status), status: { ...status } };
  if (previous) {
    json.previousStatus = previous.status;
    if (previous.trainVersion !== undefined) json.previousTrainVersion = previous.trainVersion;
  }
  return { json };
}

/**
 * One poll: one status request. A manual test returns the current status; an active workflow fires
 * when the status (or train version) moved since the last poll in the way chosen (core's `watchTraining`).
 * The last status is kept in the workflow's static data, which n8n stores in its database: each training
 * fires once, across restarts too. A failed request changes nothing, so the next poll compares again.
 */
export async function pollTraining(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
  const credentials = await this.getCredentials(CREDENTIAL_TYPE);
  try {
    // Trigger On here, Bot ID, Language and State by core: all before any request (errors name them).
    const on = triggerOnSetting(this.getNodeParameter('event', 'ended'));
    const target = readTarget((name, fallback) => this.getNodeParameter(name, fallback), true);
    const client = createClientFromCredentials(credentials, httpRequestTransport((options) => this.helpers.httpRequest(options)));
    const status = await client.getTrainingStatus(target).finally(() => client.close());
    if (this.getMode() === 'manual') return [[triggerItem(target, status)]];
    const step = watchTraining(this.getWorkflowStaticData('node'), target, status, on);
    return step.fire ? [[triggerItem(target, status, step.previous)]] : null;
  } catch (error) {
    throw toNodeError(this.getNode(), error, 0, secretsOf(credentials));
  }
}
