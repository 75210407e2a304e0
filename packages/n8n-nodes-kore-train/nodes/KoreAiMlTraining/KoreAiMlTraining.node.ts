import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { router } from './v1/actions/router';
import { outputsExpression, properties } from './v1/actions/versionDescription';
import { koreAiApiCredentialTest } from './v1/methods/credentialTest';

/**
 * Kore.ai ML Training: get the status, start a training, wait for it, or both. All Kore.ai logic
 * (JWT, status parsing, adaptive polling, retries) is @kore-train/core's, bundled into this package.
 * Version 1's parameters, operations and execute live under ./v1 (one folder per operation).
 */
export class KoreAiMlTraining implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Kore.ai ML Training',
    name: 'koreAiMlTraining',
    icon: { light: 'file:koreai.svg', dark: 'file:koreai.dark.svg' },
    group: ['transform'],
    version: [1],
    defaultVersion: 1,
    subtitle: '={{ { getStatus: "Get Status", startTraining: "Start Training", waitForTraining: "Wait for Training", trainAndWait: "Train and Wait" }[$parameter["operation"]] }}',
    description: "Check, start and wait for a Kore.ai bot's ML training",
    defaults: { name: 'Kore.ai ML Training' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: outputsExpression,
    credentials: [{ name: 'koreAiApi', required: true, testedBy: 'koreAiApiCredentialTest' }],
    properties,
  };

  methods = {
    credentialTest: { koreAiApiCredentialTest },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return await router.call(this);
  }
}
