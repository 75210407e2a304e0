import { performance } from 'node:perf_hooks';
import { MemoryMeter, type MemoryFigure } from './checks/memory.js';
import { WarningWatcher } from './checks/warnings.js';
import type { SurfaceRun } from './surface.js';

export type InProcessResult = Omit<SurfaceRun, 'elapsedMs' | 'memory' | 'warnings' | 'failures'> & {
  failures?: string[];
  /** The moment the surface ended, when it is not when `work` settles (e.g. a message before clean-up). */
  endedAt?: number;
};

/** Runs a surface in this process: times it, samples memory growth and watches for timer warnings. */
export async function measureInProcess(work: () => Promise<InProcessResult>): Promise<SurfaceRun> {
  const watcher = new WarningWatcher();
  const meter = new MemoryMeter();
  const start = performance.now();
  let result: InProcessResult;
  let settledAt: number;
  let memory: MemoryFigure;
  try {
    result = await work();
    settledAt = performance.now();
  } finally {
    // process.emitWarning emits on the next tick: let a last warning arrive.
    await new Promise((resolve) => setImmediate(resolve));
    watcher.stop();
    memory = meter.stop();
  }
  return {
    endings: result.endings,
    captures: result.captures,
    lastStatusText: result.lastStatusText,
    failures: result.failures ?? [],
    elapsedMs: (result.endedAt ?? settledAt) - start,
    memory,
    warnings: watcher.names,
  };
}
