import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';
import { trainingPhase, trainVersionOf, type TrainingStatus } from '@kore-train/core/engine';
import { statusJson, targetJson, type Target } from '../KoreAiMlTraining/v1/actions/common';
import { createClientFromCredentials, CREDENTIAL_TYPE } from '../KoreAiMlTraining/v1/helpers/client';
import { toNodeError } from '../KoreAiMlTraining/v1/helpers/errors';
import { abortableSleep, httpRequestTransport } from '../KoreAiMlTraining/v1/helpers/transport';
import { readSeen, shouldFire, TRIGGER_ON, watchKey, writeSeen, type Seen, type TriggerOn } from './watch';

interface Settings {
  target: Target;
  on: TriggerOn;
}

/** The node's parameters; Bot ID, Language and State are validated by the core (errors name them). */
function readSettings(this: IPollFunctions): Settings {
  const on = this.getNodeParameter('event', 'ended') as TriggerOn;
  if (!TRIGGER_ON.includes(on)) {
    throw new NodeOperationError(this.getNode(), `Trigger On must be one of ${TRIGGER_ON.map((v) => `"${v}"`).join(', ')} (got ${JSON.stringify(on)})`, {
      description: 'Fix the "Trigger On" parameter of this node.',
    });
  }
  const botId = this.getNodeParameter('botId') as string;
  const language = this.getNodeParameter('language', '') as string;
  const state = this.getNodeParameter('state', 'configured') as string;
  const target: Target = { botId, state };
  if (language !== '' && language !== undefined && language !== null) target.language = language;
  return { target, on };
}

/**
 * The trigger's item: the same fields as the action node's Get Status and Wait items (bot, outcome,
 * trainingStatus, sync flags summary, the full `status`), plus what the trigger saw before.
 */
function triggerItem(target: Target, status: TrainingStatus, previous?: Seen): INodeExecutionData {
  const json: IDataObject = {
    ...targetJson(target),
    outcome: trainingPhase(status),
    trainingStatus: status.trainingStatus,
    allInSync: status.allInSync,
    outOfSync: status.outOfSync,
    status: statusJson(status),
  };
  const version = trainVersionOf(status);
  if (version !== undefined) json.trainVersion = version;
  if (previous) {
    json.previousStatus = previous.status;
    if (previous.trainVersion !== undefined) json.previousTrainVersion = previous.trainVersion;
  }
  return { json };
}

async function fetchStatus(this: IPollFunctions, target: Target): Promise<TrainingStatus> {
  const credentials = await this.getCredentials(CREDENTIAL_TYPE);
  const secrets = [credentials.clientSecret, credentials.privateKey].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  try {
    const client = createClientFromCredentials(credentials, httpRequestTransport((options) => this.helpers.httpRequest(options)), abortableSleep);
    try {
      return await client.getTrainingStatus({ ...target, state: target.state as 'configured' });
    } finally {
      client.close();
    }
  } catch (error) {
    throw toNodeError(this.getNode(), error, 0, secrets);
  }
}

/**
 * One poll: one status request. A manual test returns the current status; an active workflow fires
 * when the status (or train version) moved since the last poll in the way chosen. The last status
 * is kept in the workflow's static data, which n8n stores in its database: each training fires
 * once, across restarts too. A failed request changes nothing, so the next poll compares again.
 */
export async function pollTraining(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
  const { target, on } = readSettings.call(this);
  const status = await fetchStatus.call(this, target);
  if (this.getMode() === 'manual') return [[triggerItem(target, status)]];

  const data = this.getWorkflowStaticData('node');
  const previous = readSeen(data);
  const current: Seen = { watching: watchKey(target), status: status.trainingStatus };
  const version = trainVersionOf(status);
  if (version !== undefined) current.trainVersion = version;
  writeSeen(data, current);
  return shouldFire(previous, current, on) ? [[triggerItem(target, status, previous)]] : null;
}
