import type { NodeStatus } from 'node-red';
import { formatDuration, type ActivityView } from '@kore-train/core';

/** Translates a message key of this node's catalog (Node-RED's `RED._`). */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

const PREFIX = 'kore-train.status.';

/**
 * The node's status badge for the core's view of its waits (`WaitActivity`): blue while something is in
 * flight (the oldest wait's phase and time, how many, how many resumed), then how the last one ended, or
 * `idle` (e.g. a configuration problem) when none has.
 */
export function statusBadge(view: ActivityView, t: Translate, idle: NodeStatus = {}): NodeStatus {
  if (!view.busy) {
    switch (view.last?.kind) {
      case 'finished':
        return { fill: 'green', shape: 'dot', text: t(`${PREFIX}finished`) };
      case 'failed':
        return { fill: 'red', shape: 'ring', text: t(`${PREFIX}failed`) };
      case 'inprogress':
        return { fill: 'blue', shape: 'dot', text: t(`${PREFIX}not-done`, { status: view.last.trainingStatus }) };
      case 'error':
        return { fill: 'red', shape: 'dot', text: t(`${PREFIX}error`, { code: view.last.code }) };
      default:
        return idle;
    }
  }
  // Catalog keys `checking`, `starting`, `waiting` and `training` (the last two show the time).
  let text = t(`${PREFIX}${view.phase}`, { elapsed: formatDuration(view.elapsedMs) });
  if (view.count > 1) text = t(`${PREFIX}several`, { text, count: view.count });
  if (view.resumed > 0) text = `${t(`${PREFIX}${view.resumed === 1 ? 'resumed-one' : 'resumed'}`, { count: view.resumed })}: ${text}`;
  return { fill: 'blue', shape: view.phase === 'checking' ? 'dot' : 'ring', text };
}
