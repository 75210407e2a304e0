import { formatDuration, syncFlagLabel, type TrainingStatus, type WaitResult } from '@kore-train/core';
import { safeText } from './safe-output.js';

// Everything here quotes a status or an answer: server text, passed through safeText.

/** `Synonyms, Traits`: the flags that are out of sync, with the core's names for them. */
export function outOfSyncLabels(status: TrainingStatus): string {
  return status.outOfSync.map(syncFlagLabel).join(', ');
}

function describeSync(status: TrainingStatus): string {
  if (status.allInSync) return 'ML in sync';
  return status.outOfSync.length ? `out of sync: ${outOfSyncLabels(status)}` : 'no sync flags';
}

export function describeStatus(botId: string, status: TrainingStatus): string {
  const version = status.trainDetails?.trainVersion !== undefined ? `, train version ${String(status.trainDetails.trainVersion)}` : '';
  return safeText(`${botId}: ${status.trainingStatus} (${describeSync(status)}${version})`);
}

export function describeWait(botId: string, result: WaitResult): string {
  const verb = result.outcome === 'finished' ? 'finished' : 'FAILED';
  return `${safeText(`Training of ${botId} ${verb}`)} after ${formatDuration(result.elapsedMs)} (${result.requests} status requests)\n${describeStatus(botId, result.status)}`;
}
