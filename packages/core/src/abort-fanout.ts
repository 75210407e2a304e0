/** Told when a signal aborts; an object, so that a waiter needs no closure of its own. */
export interface AbortListener {
  onAbort(): void;
}

const listeners = new WeakMap<AbortSignal, Set<AbortListener>>();

/**
 * Ten thousand waits may share one AbortSignal (one per flow or execution). Registering each on the signal
 * would warn past ten listeners and cost an entry each: the signal gets one listener that tells them all.
 */
export function onAbort(signal: AbortSignal, listener: AbortListener): void {
  let set = listeners.get(signal);
  if (!set) {
    const created = new Set<AbortListener>();
    listeners.set(signal, created);
    set = created;
    signal.addEventListener('abort', () => {
      listeners.delete(signal);
      for (const each of [...created]) each.onAbort();
    }, { once: true });
  }
  set.add(listener);
}

export function offAbort(signal: AbortSignal, listener: AbortListener): void {
  listeners.get(signal)?.delete(listener);
}
