/** Reads the node's typed inputs (bot id, language, state) for one message and validates them with the core. */
import type { Node, NodeAPI, NodeMessageInFlow } from 'node-red';
import { isKoreError, KoreError, validateBotId, validateLanguage, validateState, type BotTarget } from '@kore-train/core';
import type { KoreTrainDef } from './types.js';

/** Typed-input types the runtime reads through `RED.util.evaluateNodeProperty`. */
const EVALUATED_TYPES = new Set(['str', 'msg', 'flow', 'global', 'env', 'jsonata']);

function evaluate(RED: NodeAPI, node: Node, value: string, type: string, msg: NodeMessageInFlow): Promise<unknown> {
  // `state` is the editor's fixed list (configured / published): the value is the choice itself.
  if (type === 'state' || type === undefined || type === '') return Promise.resolve(value);
  if (!EVALUATED_TYPES.has(type)) return Promise.reject(new Error(`unsupported input type "${type}"`));
  return new Promise((resolve, reject) => {
    RED.util.evaluateNodeProperty(value, type, node, msg, (err: Error | null, result: unknown) => (err ? reject(err) : resolve(result)));
  });
}

/** Reads one typed input; errors name the field and where it was read. */
async function readField<T>(RED: NodeAPI, node: Node, field: string, value: string, type: string, msg: NodeMessageInFlow, validate: (raw: unknown) => T): Promise<T> {
  const where = type === 'str' || type === 'state' || !type ? 'the node settings' : type === 'jsonata' ? 'a JSONata expression' : `${type}.${value}`;
  let raw: unknown;
  try {
    raw = await evaluate(RED, node, value, type, msg);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new KoreError('INVALID_INPUT', `${field} could not be read from ${where}: ${reason}`, { field });
  }
  try {
    return validate(raw);
  } catch (error) {
    if (isKoreError(error, 'INVALID_INPUT')) throw new KoreError('INVALID_INPUT', `${error.message} (read from ${where})`, { field });
    throw error;
  }
}

/** The bot this message is about; throws INVALID_INPUT naming the field at fault. */
export async function readTarget(RED: NodeAPI, node: Node, def: KoreTrainDef, msg: NodeMessageInFlow): Promise<BotTarget> {
  const target: BotTarget = { botId: await readField(RED, node, 'botId', def.botId, def.botIdType, msg, validateBotId) };
  const language = await readField(RED, node, 'language', def.language, def.languageType, msg, validateLanguage);
  const state = await readField(RED, node, 'state', def.state, def.stateType, msg, validateState);
  if (language !== undefined) target.language = language;
  if (state !== undefined) target.state = state;
  return target;
}
