import { FORGED_MARKER } from './checks/control-chars.js';

const SYNC_FLAGS = {
  isMlInSyncWithSentences: true,
  isMlInSyncWithSynonyms: true,
  isMlInSyncWithMlparams: true,
  isMlInSyncWithTraits: true,
};

/** A training status that is not terminal, so a wait keeps polling until its deadline. */
export function status(trainingStatus: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ trainingStatus, ...SYNC_FLAGS, ...extra });
}

export function koreErrorBody(msg: string, code: number): string {
  return JSON.stringify({ errors: [{ msg, code }] });
}

/**
 * Terminal tricks: clear the screen, colour, return to column 0 and forge a line, C1 CSI, bidi
 * override and isolate, line separator, DEL and BEL.
 */
export const HOSTILE_TEXT = `Inprogress\u001b[2J\u001b[31m\r${FORGED_MARKER} overwritten\n${FORGED_MARKER} kore-train: training Finished\u0085\u009b2J\u202egnp.exe\u2066x\u2069\u2028\u007f\u0007`;

/** Control characters in the status, in other fields, in keys, and in an error body. */
export function controlStatus(): string {
  return status(HOSTILE_TEXT, {
    trainDetails: { trainVersion: 3, message: HOSTILE_TEXT, [`key\u001b[2J${FORGED_MARKER}`]: 'x' },
    [`extra\u009b`]: HOSTILE_TEXT,
  });
}

/** `{"trainingStatus":"Finished","deep":[[[…]]]}`: 100,000 levels, about 200 KB, under any size cap. */
export function deepJson(depth = 100_000): string {
  return `{"trainingStatus":"Finished","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

/** Valid JSON of `bytes` bytes: a Finished status padded with a long string. */
export function oversizeJson(bytes = 5 * 1024 * 1024): Buffer {
  const head = '{"trainingStatus":"Finished","pad":"';
  const tail = '"}';
  return Buffer.from(head + 'x'.repeat(bytes - head.length - tail.length) + tail);
}

/** An HTTP date `days` from now: far beyond Node's 24.8-day timer limit when not clamped. */
export function httpDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toUTCString();
}
