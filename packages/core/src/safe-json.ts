import { KoreError } from './errors.js';
import { safeText } from './redact.js';

/** Kore.ai's answers nest three levels deep; anything past this is not an answer of theirs. */
export const MAX_JSON_DEPTH = 64;

/**
 * A copy of a parsed body in which every string value and key is safe to show (control characters escaped,
 * JWTs and secrets redacted), built without recursion so that no depth can overflow the stack. A body nested
 * deeper than MAX_JSON_DEPTH is BAD_RESPONSE.
 */
export function safeJson(value: unknown, secrets: readonly string[]): unknown {
  return needsCare(value, 0, secrets) ? safeCopy(value, secrets) : value;
}

/**
 * Whether any string or key would change; throws BAD_RESPONSE past MAX_JSON_DEPTH. The recursion is bounded by
 * that depth, so it cannot overflow; most answers need no copy at all.
 */
function needsCare(value: unknown, depth: number, secrets: readonly string[]): boolean {
  if (typeof value === 'string') return safeText(value, secrets) !== value;
  if (value === null || typeof value !== 'object') return false;
  if (depth >= MAX_JSON_DEPTH) throw tooDeep();
  if (Array.isArray(value)) return value.some((item) => needsCare(item, depth + 1, secrets));
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key === '__proto__' || safeText(key, secrets) !== key || needsCare((value as Record<string, unknown>)[key], depth + 1, secrets)) return true;
  }
  return false;
}

const tooDeep = (): KoreError => new KoreError('BAD_RESPONSE', `Kore.ai answered with JSON nested deeper than ${MAX_JSON_DEPTH} levels`);

function safeCopy(value: unknown, secrets: readonly string[]): unknown {
  const root: { value?: unknown } = {};
  const stack: { source: unknown; target: Record<string, unknown> | unknown[]; key: string | number; depth: number }[] = [
    { source: value, target: root as Record<string, unknown>, key: 'value', depth: 0 },
  ];
  while (stack.length > 0) {
    const { source, target, key, depth } = stack.pop()!;
    let copy: unknown = source;
    if (typeof source === 'string') {
      copy = safeText(source, secrets);
    } else if (source !== null && typeof source === 'object') {
      if (depth >= MAX_JSON_DEPTH) throw tooDeep();
      if (Array.isArray(source)) {
        const array: unknown[] = new Array<unknown>(source.length);
        source.forEach((item, index) => stack.push({ source: item, target: array, key: index, depth: depth + 1 }));
        copy = array;
      } else {
        const object: Record<string, unknown> = {};
        for (const [name, item] of Object.entries(source)) stack.push({ source: item, target: object, key: safeText(name, secrets), depth: depth + 1 });
        copy = object;
      }
    }
    if (Array.isArray(target)) target[key as number] = copy;
    // defineProperty, not assignment: a key such as "__proto__" stays data and pollutes nothing.
    else Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return root.value;
}
