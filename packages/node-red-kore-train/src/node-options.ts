/** The `kore-train` node's own settings (mode, poll interval, timeout, progress), checked once at deploy. */
import { KoreError } from '@kore-train/core';
import type { KoreTrainDef, KoreTrainMode } from './types.js';

export const MODES: readonly KoreTrainMode[] = ['status', 'wait', 'train'];

export const DEFAULT_TIMEOUT_S = 3600;

export interface NodeOptions {
  mode: KoreTrainMode;
  /** Absent: the core's adaptive schedule. */
  pollIntervalMs?: number;
  timeoutMs: number;
  /** Progress messages on a third output (wait modes); the status mode always has a third output. */
  progress: boolean;
  /** 2 or 3. */
  outputs: number;
}

function seconds<F extends number | undefined>(field: string, value: unknown, fallback: F, min: number, inclusive: boolean): number | F {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return fallback;
  const number = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(number) || (inclusive ? number < min : number <= min)) {
    throw new KoreError('INVALID_INPUT', `${field} must be a number of seconds ${inclusive ? '>=' : '>'} ${min} (got ${JSON.stringify(value)})`, { field });
  }
  return number;
}

/** Throws KoreError INVALID_INPUT naming the field at fault. */
export function parseNodeOptions(def: Pick<KoreTrainDef, 'mode' | 'pollInterval' | 'timeout' | 'progress'>): NodeOptions {
  const mode = (def.mode === undefined || def.mode === '' ? 'wait' : def.mode) as KoreTrainMode;
  if (!MODES.includes(mode)) {
    throw new KoreError('INVALID_INPUT', `mode must be one of ${MODES.join(', ')} (got ${JSON.stringify(def.mode)})`, { field: 'mode' });
  }
  const pollIntervalS = seconds('pollInterval', def.pollInterval, undefined, 0, false);
  const pollIntervalMs = pollIntervalS === undefined ? undefined : Math.round(pollIntervalS * 1000);
  if (pollIntervalMs !== undefined && pollIntervalMs < 1) throw new KoreError('INVALID_INPUT', 'pollInterval must be at least 0.001 seconds', { field: 'pollInterval' });
  const timeoutMs = Math.round(seconds('timeout', def.timeout, DEFAULT_TIMEOUT_S, 0, true) * 1000);
  const progress = mode !== 'status' && (def.progress === true || (def.progress as unknown) === 'true');
  return {
    mode,
    ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
    timeoutMs,
    progress,
    outputs: mode === 'status' || progress ? 3 : 2,
  };
}
