/** Told when a signal aborts; an object, so that a waiter needs no closure of its own. */
export interface AbortListener {
  onAbort(): void;
}

/** One listener, or several: most signals (one per request) only ever get one. */
const listeners = new WeakMap<AbortSignal, AbortListener | Set<AbortListener>>();

/** The one 'abort' handler every signal gets, whatever the number of listeners behind it. */
function dispatch(this: AbortSignal): void {
  const entry = listeners.get(this);
  listeners.delete(this);
  if (entry === undefined) return;
  if (entry instanceof Set) for (const each of [...entry]) each.onAbort();
  else entry.onAbort();
}

/**
 * Ten thousand waits may share one AbortSignal (one per flow or execution). Registering each on the signal
 * would warn past ten listeners and cost an entry each: the signal gets one listener that tells them all.
 */
export function onAbort(signal: AbortSignal, listener: AbortListener): void {
  const entry = listeners.get(signal);
  if (entry === undefined) {
    listeners.set(signal, listener);
    signal.addEventListener('abort', dispatch, { once: true });
  } else if (entry instanceof Set) {
    entry.add(listener);
  } else if (entry !== listener) {
    listeners.set(signal, new Set([entry, listener]));
  }
}

export function offAbort(signal: AbortSignal, listener: AbortListener): void {
  const entry = listeners.get(signal);
  if (entry === listener) {
    // The signal keeps its (cheap) listener; dispatch finds nothing if it ever fires.
    listeners.delete(signal);
  } else if (entry instanceof Set) {
    entry.delete(listener);
  }
}
