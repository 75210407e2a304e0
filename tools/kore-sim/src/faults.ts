import type { Fault, FaultKind } from './types.js';

export const FAULT_KINDS: readonly FaultKind[] = [
  'rate-limit',
  'server-error',
  'reset',
  'hang',
  'non-json',
  'unknown-status',
  'unauthorized',
];

/** A fault that makes no sense (unknown kind, bad number). Control API answers it with 400. */
export class FaultError extends Error {
  override readonly name = 'FaultError';
}

interface QueuedFault {
  fault: Fault;
  /** Matching requests still to let through. */
  skip: number;
  /** Requests still to answer with this fault. */
  remaining: number;
}

/**
 * Faults wait in the order they were injected. Each request to the status or train endpoint is seen
 * by every queued fault that matches it (path, botId): a fault still skipping (`afterRequests`) counts
 * it down; the first matching fault with nothing left to skip answers it and loses one of its `times`.
 */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(input: unknown): Fault {
    const fault = validateFault(input);
    this.queue.push({ fault, skip: fault.afterRequests ?? 0, remaining: fault.times ?? 1 });
    return fault;
  }

  clear(): void {
    this.queue = [];
  }

  get size(): number {
    return this.queue.length;
  }

  /** The fault that answers this request, if any; consumes one of its `times`. */
  take(path: 'status' | 'train', botId: string | undefined): Fault | undefined {
    let chosen: QueuedFault | undefined;
    for (const entry of this.queue) {
      if (!matches(entry.fault, path, botId)) continue;
      if (entry.skip > 0) {
        entry.skip -= 1;
        continue;
      }
      chosen ??= entry;
    }
    if (!chosen) return undefined;
    chosen.remaining -= 1;
    if (chosen.remaining <= 0) this.queue = this.queue.filter((entry) => entry !== chosen);
    return chosen.fault;
  }
}

function matches(fault: Fault, path: 'status' | 'train', botId: string | undefined): boolean {
  if (fault.path !== undefined && fault.path !== path) return false;
  // An unknown status value only makes sense in a status answer.
  if (fault.kind === 'unknown-status' && path !== 'status') return false;
  if (fault.botId !== undefined && fault.botId !== botId) return false;
  return true;
}

/** Checks a fault (it may come as JSON over the control API) and returns a copy. */
export function validateFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultError('a fault must be an object');
  const fault = { ...(input as Record<string, unknown>) };
  if (!FAULT_KINDS.includes(fault.kind as FaultKind)) throw new FaultError(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
  if (fault.path !== undefined && fault.path !== 'status' && fault.path !== 'train') throw new FaultError("path must be 'status' or 'train'");
  if (fault.botId !== undefined && typeof fault.botId !== 'string') throw new FaultError('botId must be a string');
  if (fault.times !== undefined && !(isCount(fault.times) && (fault.times as number) >= 1)) {
    throw new FaultError('times must be an integer >= 1 (or Infinity)');
  }
  if (fault.afterRequests !== undefined && !(isCount(fault.afterRequests) && Number.isFinite(fault.afterRequests))) {
    throw new FaultError('afterRequests must be an integer >= 0');
  }
  switch (fault.kind) {
    case 'rate-limit':
      if (fault.retryAfterSeconds !== undefined && !(isCount(fault.retryAfterSeconds) && Number.isFinite(fault.retryAfterSeconds))) {
        throw new FaultError('retryAfterSeconds must be an integer >= 0');
      }
      break;
    case 'server-error':
      checkStatus(fault.status, 500, 599);
      break;
    case 'non-json':
      checkStatus(fault.status, 200, 599);
      break;
    case 'unknown-status':
      if (fault.value !== undefined && (typeof fault.value !== 'string' || fault.value === '')) {
        throw new FaultError('value must be a non-empty string');
      }
      break;
  }
  return fault as unknown as Fault;
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && (Number.isInteger(value) || value === Infinity);
}

function checkStatus(status: unknown, min: number, max: number): void {
  if (status === undefined) return;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < min || status > max) {
    throw new FaultError(`status must be an integer from ${min} to ${max}`);
  }
}
