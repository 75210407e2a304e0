/**
 * The workflows of the queue-mode test, as the REST API takes them. Action workflows start from a
 * production Webhook (so they run on a worker); trigger workflows start from the Kore.ai trigger
 * (which polls on the main).
 */
import { randomUUID } from 'node:crypto';
import { CREDENTIAL_TYPE, NODE_TYPE, PKG_NAME } from '../../n8n-e2e/src/harness';

export const TRIGGER_TYPE = `${PKG_NAME}.koreAiMlTrainingTrigger`;
export const KORE_NODE = 'Kore.ai ML Training';
export const TRIGGER_NODE = 'Kore.ai ML Training Trigger';

/** Webhook paths. */
export const PATHS = { trainAndWait: 'kore-train-and-wait', wait: 'kore-wait', start: 'kore-start' } as const;

/** Fast polling for the test: the simulator's trainings take seconds. */
const FAST_WAIT = { pollInterval: 0.2, maxPollInterval: 0.5, timeout: 10 };

/**
 * Poll times of the test's triggers: n8n refuses one cron that fires more than once a minute, but
 * takes a list of minute crons; one per second 0, 2, …, 58 polls every 2 s. (Users keep the
 * default: every minute.)
 */
export const TEST_POLL_TIMES = { item: Array.from({ length: 30 }, (_v, i) => ({ mode: 'custom', cronExpression: `${i * 2} * * * * *` })) };

type Credential = { id: string; name: string };

function webhook(path: string, responseMode: 'lastNode' | 'onReceived') {
  return {
    id: randomUUID(),
    name: 'Webhook',
    type: 'n8n-nodes-base.webhook',
    typeVersion: 2,
    position: [0, 0],
    webhookId: randomUUID(),
    parameters: { httpMethod: 'POST', path, responseMode, ...(responseMode === 'lastNode' ? { responseData: 'firstEntryJson' } : {}), options: {} },
  };
}

function kore(credential: Credential, parameters: Record<string, unknown>) {
  return {
    id: randomUUID(),
    name: KORE_NODE,
    type: NODE_TYPE,
    typeVersion: 1,
    position: [220, 0],
    parameters: { botId: '={{ $json.body.botId }}', language: '', state: 'configured', ...parameters },
    credentials: { [CREDENTIAL_TYPE]: credential },
  };
}

const after = (from: string, to: string) => ({ [from]: { main: [[{ node: to, type: 'main', index: 0 }]] } });

function actionWorkflow(name: string, path: string, responseMode: 'lastNode' | 'onReceived', credential: Credential, parameters: Record<string, unknown>) {
  return {
    name,
    nodes: [webhook(path, responseMode), kore(credential, parameters)],
    connections: after('Webhook', KORE_NODE),
    settings: { executionOrder: 'v1' },
  };
}

/** POST {botId} → Train and Wait → the webhook answers with the node's item. */
export const trainAndWaitWorkflow = (credential: Credential) =>
  actionWorkflow('Queue e2e: train and wait', PATHS.trainAndWait, 'lastNode', credential, { operation: 'trainAndWait', options: FAST_WAIT });

/** POST {botId} → answered at once → Wait for Training (polls on the worker until stopped). */
export const waitWorkflow = (credential: Credential) =>
  actionWorkflow('Queue e2e: wait for training', PATHS.wait, 'onReceived', credential, { operation: 'waitForTraining', options: { ...FAST_WAIT, maxPollInterval: 0.2 } });

/** POST {botId} → Start Training → the webhook answers with the training id. */
export const startWorkflow = (credential: Credential) =>
  actionWorkflow('Queue e2e: start training', PATHS.start, 'lastNode', credential, { operation: 'startTraining', options: {} });

/** Kore.ai ML Training Trigger (a training of `botId` ended) → No Operation (runs on a worker). */
export function triggerWorkflow(name: string, credential: Credential, botId: string) {
  return {
    name,
    nodes: [
      {
        id: randomUUID(),
        name: TRIGGER_NODE,
        type: TRIGGER_TYPE,
        typeVersion: 1,
        position: [0, 0],
        parameters: { event: 'ended', botId, language: '', state: 'configured', pollTimes: TEST_POLL_TIMES },
        credentials: { [CREDENTIAL_TYPE]: credential },
      },
      { id: randomUUID(), name: 'Training ended', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
    ],
    connections: after(TRIGGER_NODE, 'Training ended'),
    settings: { executionOrder: 'v1' },
  };
}
