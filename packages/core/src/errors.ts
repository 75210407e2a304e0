import { NO_STATUS_HINT, REMEDIATION_HINTS } from './hints.js';
import type { TrainingStatus } from './status.js';

/** Stable codes: match on `error.code`, never on the message. */
export const KORE_ERROR_CODES = [
  'INVALID_INPUT',
  /** HTTP 400: Kore.ai refused the request itself (INVALID_INPUT is always our own, local check). */
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'NETWORK',
  'BAD_RESPONSE',
  'TIMEOUT',
  'ABORTED',
  'BUDGET_EXHAUSTED',
  'TRAINING_FAILED',
] as const;

export type KoreErrorCode = (typeof KORE_ERROR_CODES)[number];

/** One entry of Kore.ai's `{"errors":[{"msg","code"}]}` error body. */
export interface KoreApiErrorDetail {
  msg: string;
  code?: string | number;
}

export interface KoreErrorOptions {
  /** HTTP status of the answer that caused the error, when there was one. */
  httpStatus?: number;
  /** For INVALID_INPUT: the option or parameter at fault. */
  field?: string;
  /** For RATE_LIMITED (and some 5xx): how long the server asked us to wait. */
  retryAfterMs?: number;
  /** For TIMEOUT, BUDGET_EXHAUSTED, ABORTED and TRAINING_FAILED: the last status seen. */
  lastStatus?: TrainingStatus;
  /** Kore.ai's own error entries, already stripped of anything secret. */
  details?: KoreApiErrorDetail[];
  /** A sanitized cause: never a raw HTTP client error (those carry request headers). */
  cause?: { name: string; code?: string; message: string };
  /** For a wait that ended by TIMEOUT or ABORTED: what `resumeWait` needs to go on. Holds no secret. */
  resumeToken?: string;
}

const RETRYABLE: ReadonlySet<KoreErrorCode> = new Set(['RATE_LIMITED', 'SERVER_ERROR', 'NETWORK']);

/** The one error type the library throws. */
export class KoreError extends Error {
  override readonly name = 'KoreError';
  readonly code: KoreErrorCode;
  readonly httpStatus?: number;
  readonly field?: string;
  readonly retryAfterMs?: number;
  readonly lastStatus?: TrainingStatus;
  readonly details?: KoreApiErrorDetail[];
  override readonly cause?: { name: string; code?: string; message: string };
  readonly resumeToken?: string;

  constructor(code: KoreErrorCode, message: string, options: KoreErrorOptions = {}) {
    super(message);
    this.code = code;
    // Only defined keys, so that serialized errors and snapshots stay tidy.
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
    if (options.field !== undefined) this.field = options.field;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.lastStatus !== undefined) this.lastStatus = options.lastStatus;
    if (options.details !== undefined) this.details = options.details;
    if (options.cause !== undefined) this.cause = options.cause;
    if (options.resumeToken !== undefined) this.resumeToken = options.resumeToken;
  }

  /** What the user can do about it; undefined where there is nothing to say. */
  get hint(): string | undefined {
    if (this.code === 'TIMEOUT' && !this.lastStatus) return NO_STATUS_HINT;
    return REMEDIATION_HINTS[this.code];
  }

  /** True for errors a waiter retries within its deadline and request budget. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const key of ['httpStatus', 'field', 'retryAfterMs', 'details', 'cause', 'resumeToken'] as const) {
      if (this[key] !== undefined) json[key] = this[key];
    }
    if (this.lastStatus) json['lastStatus'] = this.lastStatus.trainingStatus;
    // A getter, which spreading or serialising would lose: the advice travels with the error's JSON.
    if (this.hint !== undefined) json['hint'] = this.hint;
    return json;
  }
}

export function isKoreError(value: unknown, code?: KoreErrorCode): value is KoreError {
  return value instanceof KoreError && (code === undefined || value.code === code);
}

export function invalidInput(field: string, expected: string, got?: unknown): KoreError {
  const shown = got === undefined ? '' : ` (got ${describe(got)})`;
  return new KoreError('INVALID_INPUT', `${field} must be ${expected}${shown}`, { field });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : JSON.stringify(value.slice(0, 60));
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a value of type ${Array.isArray(value) ? 'array' : typeof value}`;
}
