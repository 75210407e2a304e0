import { KoreError } from '@kore-train/core';

/** The core names its options; the user typed flags. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  resumeToken: '--resume',
  timeoutMs: '--timeout',
  pollIntervalMs: '--interval',
  maxPollIntervalMs: '--max-interval',
  settleMs: '--settle',
  botId: '--bot',
  language: '--language',
  state: '--state',
  host: '--host',
  clientId: '--client-id',
  algorithm: '--algorithm',
  clientSecret: '--client-secret-file',
  privateKey: '--private-key-file',
};

// Only camelCase names are replaced inside a message: `state` or `host` there may be plain English.
const CAMEL_FIELDS = new RegExp(`\\b(${Object.keys(FLAG_OF_FIELD).filter((field) => /[A-Z]/.test(field)).join('|')})\\b`, 'g');

/**
 * A core INVALID_INPUT error in the CLI's words: `timeoutMs must be …` becomes `--timeout must be …` (or
 * `KORE_RESUME_TOKEN (--resume) …` when the value came from the environment), with the flag as its field.
 */
export function inFlagTerms(error: KoreError, labelOf: (flag: string) => string = (flag) => flag): KoreError {
  const flag = error.field === undefined ? undefined : FLAG_OF_FIELD[error.field];
  if (error.code !== 'INVALID_INPUT' || flag === undefined) return error;
  const rest = error.message.startsWith(`${error.field} `) ? error.message.slice(error.field!.length) : `: ${error.message}`;
  const message = `${labelOf(flag)}${rest.replace(CAMEL_FIELDS, (field: string) => FLAG_OF_FIELD[field] ?? field)}`;
  return new KoreError('INVALID_INPUT', message, { field: flag });
}
