import type { MemoryFigure } from './checks/memory.js';
import type { Ending } from './checks/outcome.js';
import type { HostileProbe, ProbeMode } from './probes.js';

export interface ProbeRunInput {
  probe: HostileProbe;
  mode: ProbeMode;
  /** The hostile server. */
  url: string;
  clientId: string;
  clientSecret: string;
  botId: string;
  /** When the surface must have ended (wait timeout, request timeout of a single call, or the cancel). */
  deadlineMs: number;
  /** The wait's own timeout (30 days for a long wait). */
  waitTimeoutMs: number;
  /** The user's cancel (Ctrl-C, an AbortSignal): fires only in a long wait. */
  cancel: AbortSignal;
  /** The safety net: fires well after the deadline; the surface must then stop whatever still runs. */
  stop: AbortSignal;
  /** performance.now() of the hostile server's first request, if any (for a child process's start-up). */
  firstHitAt(): number | undefined;
}

export interface Capture {
  label: string;
  value: unknown;
}

export interface SurfaceRun {
  endings: Ending[];
  elapsedMs: number;
  memory: MemoryFigure;
  /** Everything a user, a log or a downstream node could see. */
  captures: Capture[];
  /** Names of the process warnings seen. */
  warnings: string[];
  /** The library's `lastStatus.trainingStatus`, for surfaces that expose it. */
  lastStatusText?: string;
  /** Failures only this surface can see (e.g. an exit code that disagrees with the output). */
  failures: string[];
}

export interface HostileSurface {
  name: string;
  modes: readonly ProbeMode[];
  /** Can bound a single status call by a per-request timeout. */
  requestTimeout: boolean;
  /** Reports `lastStatusText` (so the probe's safe-text marker is checked). */
  reportsLastStatus: boolean;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  run(input: ProbeRunInput): Promise<SurfaceRun>;
}
