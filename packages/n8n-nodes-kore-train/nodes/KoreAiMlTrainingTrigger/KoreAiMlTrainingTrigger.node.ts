import { NodeConnectionTypes, type INodeExecutionData, type INodeType, type INodeTypeDescription, type IPollFunctions } from 'n8n-workflow';
import { koreAiApiCredentialTest } from '../KoreAiMlTraining/v1/methods/credentialTest';
import { properties } from './description';
import { pollTraining } from './poll';

/**
 * Kore.ai ML Training Trigger: starts a workflow when a bot's ML training ends (or changes status).
 * A polling trigger runs on n8n's main (leader) process and holds no worker slot, so it is the way
 * to follow a training of hours: one workflow starts the training, this one continues when it ends.
 */
export class KoreAiMlTrainingTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Kore.ai ML Training Trigger',
    name: 'koreAiMlTrainingTrigger',
    icon: { light: 'file:../KoreAiMlTraining/koreai.svg', dark: 'file:../KoreAiMlTraining/koreai.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{ { ended: "Training Ended", finished: "Training Finished", failed: "Training Failed", statusChange: "Any Status Change" }[$parameter["event"]] }}',
    description: "Starts the workflow when a Kore.ai bot's ML training ends or changes status",
    defaults: { name: 'Kore.ai ML Training Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'koreAiApi', required: true, testedBy: 'koreAiApiCredentialTest' }],
    properties,
  };

  methods = {
    credentialTest: { koreAiApiCredentialTest },
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    return await pollTraining.call(this);
  }
}
