/** One string found in a captured value: where it was, and whether it was a key. */
export interface FoundString {
  path: string;
  text: string;
  isKey: boolean;
}

/**
 * Every string in `value` (values and keys; an Error's message and stack too), walked with an explicit
 * stack: a capture from a broken client can hold JSON nested 100,000 deep, and the checker must not
 * die of the same RangeError as the code it checks.
 */
export function walkStrings(label: string, value: unknown): FoundString[] {
  const found: FoundString[] = [];
  const seen = new WeakSet<object>();
  const stack: Array<{ path: string; item: unknown }> = [{ path: label, item: value }];
  while (stack.length > 0) {
    const { path, item } = stack.pop()!;
    if (typeof item === 'string') {
      found.push({ path, text: item, isKey: false });
      continue;
    }
    if (item === null || typeof item !== 'object' || seen.has(item)) continue;
    seen.add(item);
    const entries: Array<[string, unknown]> = item instanceof Error ? [['message', item.message], ['stack', item.stack], ...Object.entries(item)] : Object.entries(item);
    if (item instanceof Error && item.cause !== undefined) entries.push(['cause', item.cause]);
    for (const [key, child] of entries.reverse()) {
      stack.push({ path: `${path}.${key}`, item: child });
      found.push({ path: `${path}[key ${JSON.stringify(key)}]`, text: key, isKey: true });
    }
  }
  return found;
}
