/** The `kore-train` node's own settings (mode, poll interval, timeout, progress, resume), checked once at deploy. */
import { DEFAULTS, durationSetting, isKoreError, KoreError } from '@kore-train/core';
import type { KoreTrainDef, KoreTrainMode } from './types.js';

export const MODES: readonly KoreTrainMode[] = ['status', 'wait', 'train'];

export interface NodeOptions {
  mode: KoreTrainMode;
  /** Absent: the core's adaptive schedule. */
  pollIntervalMs?: number;
  timeoutMs: number;
  /** Progress messages on a third output (wait modes); the status mode always has a third output. */
  progress: boolean;
  /** 2 or 3. */
  outputs: number;
  /** Pending waits continue after a redeploy or restart (default on). */
  resume: boolean;
}

/** Resuming waits after a redeploy or restart; absent (flows saved before the setting existed) means on. */
export function resumeEnabled(def: Pick<KoreTrainDef, 'resume'>): boolean {
  return def.resume !== false && (def.resume as unknown) !== 'false';
}

/** Throws KoreError INVALID_INPUT naming the field at fault. */
export function parseNodeOptions(def: Pick<KoreTrainDef, 'mode' | 'pollInterval' | 'timeout' | 'progress' | 'resume'>): NodeOptions {
  const mode = (def.mode === undefined || def.mode === '' ? 'wait' : def.mode) as KoreTrainMode;
  if (!MODES.includes(mode)) {
    throw new KoreError('INVALID_INPUT', `mode must be one of ${MODES.join(', ')} (got ${JSON.stringify(def.mode)})`, { field: 'mode' });
  }
  const pollIntervalMs = durationSetting(def.pollInterval, { field: 'pollInterval', unit: 'seconds' });
  const timeoutMs = durationSetting(def.timeout, { field: 'timeout', unit: 'seconds', allowZero: true }) ?? DEFAULTS.timeoutMs;
  const progress = mode !== 'status' && (def.progress === true || (def.progress as unknown) === 'true');
  return {
    mode,
    ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
    timeoutMs,
    progress,
    outputs: mode === 'status' || progress ? 3 : 2,
    resume: resumeEnabled(def),
  };
}

/** The core's names of the node's own settings, which the node keeps in seconds. */
const SETTING_OF_OPTION: Readonly<Record<string, string>> = { pollIntervalMs: 'pollInterval', timeoutMs: 'timeout' };

/**
 * A core refusal of a wait option (e.g. a poll interval under Kore.ai's floor, which only the core knows
 * for the app's host) named after the node's setting, so it reads like the node's own checks.
 */
export function asSettingError(error: Error): Error {
  const setting = isKoreError(error, 'INVALID_INPUT') && error.field !== undefined ? SETTING_OF_OPTION[error.field] : undefined;
  return setting === undefined ? error : new KoreError('INVALID_INPUT', `${setting} (in seconds) is refused: ${error.message}`, { field: setting });
}
