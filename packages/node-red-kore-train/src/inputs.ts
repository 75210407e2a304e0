/** Reads the node's typed inputs (bot id, language, state) for one message; the core validates them (`readBotTarget`). */
import type { Node, NodeAPI, NodeMessageInFlow } from 'node-red';
import { readBotTarget, type BotTarget, type TargetField } from '@kore-train/core';
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

/** The bot this message is about; throws INVALID_INPUT naming the field at fault and where it was read. */
export function readTarget(RED: NodeAPI, node: Node, def: KoreTrainDef, msg: NodeMessageInFlow): Promise<BotTarget> {
  const typeOf = (field: TargetField): string => def[`${field}Type`];
  return readBotTarget(
    (field) => evaluate(RED, node, def[field], typeOf(field), msg),
    (field) => {
      const type = typeOf(field);
      return type === 'str' || type === 'state' || !type ? 'the node settings' : type === 'jsonata' ? 'a JSONata expression' : `${type}.${def[field]}`;
    },
  );
}
