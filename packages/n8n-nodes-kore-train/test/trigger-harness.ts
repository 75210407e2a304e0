import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { KoreAiMlTrainingTrigger } from '../nodes/KoreAiMlTrainingTrigger/KoreAiMlTrainingTrigger.node';
import { newLog, parameterOf, sharedContext, type HttpLog, type Params } from './harness';

export const TRIGGER_NODE: INode = {
  id: 'kore-trigger-1',
  name: 'Kore.ai ML Training Trigger',
  type: '@kore-train/n8n-nodes-kore-train.koreAiMlTrainingTrigger',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

export interface PollOptions {
  params: Params;
  credentials: ICredentialDataDecryptedObject;
  /** n8n's mode: 'trigger' for an active workflow's poll, 'manual' for the editor's test. */
  mode?: 'trigger' | 'manual';
  /** The workflow's node static data: one object per active workflow, kept between polls. */
  staticData: IDataObject;
  log?: HttpLog;
}

/** A minimal IPollFunctions: what the trigger uses, nothing more. */
export function pollContext(options: PollOptions): IPollFunctions {
  const context = {
    ...sharedContext(options.credentials, options.log ?? newLog()),
    getNode: () => TRIGGER_NODE,
    getMode: () => options.mode ?? 'trigger',
    getActivationMode: () => 'activate',
    getNodeParameter: (name: string, fallback?: unknown) => parameterOf(options.params, name, fallback),
    getWorkflowStaticData: (type: string) => {
      if (type !== 'node') throw new Error(`test: unexpected static data type ${type}`);
      return options.staticData;
    },
  };
  return context as unknown as IPollFunctions;
}

/** One poll of a trigger instance (a new instance stands for a restarted n8n). */
export async function runPoll(options: PollOptions, node = new KoreAiMlTrainingTrigger()): Promise<INodeExecutionData[][] | null> {
  return node.poll.call(pollContext(options));
}
