/**
 * The core's `WaitJournal` kept in the node's own context (key `koreTrainPendingWaits`): with a persistent
 * context store (`localfilesystem`) pending waits survive a Node-RED restart. Callback forms: they work with
 * every store.
 */
import type { JournalStore } from '@kore-train/core';

export const CONTEXT_KEY = 'koreTrainPendingWaits';

/** The part of Node-RED's context API used here. */
export interface ContextLike {
  get(key: string, callback: (err: Error | null | undefined, value: unknown) => void): void;
  set(key: string, value: unknown, callback?: (err?: Error | null) => void): void;
}

export function contextStore(context: ContextLike, onError: (error: Error) => void): JournalStore {
  return {
    load: () => new Promise((resolve) => context.get(CONTEXT_KEY, (err, value) => resolve(err ? void onError(err) : value))),
    save: (entries) => context.set(CONTEXT_KEY, entries, (err) => err && onError(err)),
  };
}
