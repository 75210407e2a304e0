import { randomBytes } from 'node:crypto';
import { SecretScanner } from '@kore-train/testkit';
import { findRawControls } from './checks/control-chars.js';
import { checkDeadline } from './checks/deadline.js';
import { checkMemory, type MemoryFigure } from './checks/memory.js';
import { checkOutcome, describeEndings } from './checks/outcome.js';
import { checkWarnings } from './checks/warnings.js';
import type { HostileProbe, ProbeMode } from './probes.js';
import type { HostileSurface, SurfaceRun } from './surface.js';
import { LONG_WAIT_CANCEL_MS, LONG_WAIT_TIMEOUT_MS, REQUEST_TIMEOUT_MS, SAFETY_NET_MS, WAIT_TIMEOUT_MS } from './timing.js';

export interface ReportRow {
  surface: string;
  probe: string;
  mode: ProbeMode;
  expected: string;
  outcome: string;
  elapsedMs: number;
  deadlineMs: number;
  memory: MemoryFigure;
  failures: string[];
}

export const CLIENT_ID = 'cs-hostile-suite';
export const BOT_ID = 'st-hostile';

/** The modes of a probe a surface can be held to. */
export function modesFor(surface: HostileSurface, probe: HostileProbe): ProbeMode[] {
  return surface.modes.filter((mode) => {
    if (probe.expected[mode] === undefined) return false;
    return mode !== 'status' || surface.requestTimeout || !probe.statusNeedsRequestTimeout;
  });
}

const DEADLINES: Record<ProbeMode, number> = { wait: WAIT_TIMEOUT_MS, status: REQUEST_TIMEOUT_MS, 'long-wait': LONG_WAIT_CANCEL_MS };

/** Runs one probe on one surface and applies every check; the row lists each failure found. */
export async function runHostileProbe(surface: HostileSurface, probe: HostileProbe, mode: ProbeMode): Promise<ReportRow> {
  const expected = probe.expected[mode];
  if (expected === undefined) throw new Error(`${probe.name} has no expectation for ${mode}`);
  const deadlineMs = DEADLINES[mode];
  // A fresh secret per run: whatever leaks is this run's.
  const clientSecret = randomBytes(24).toString('hex');
  const server = await probe.start();
  const safetyNet = new AbortController();
  const cancel = new AbortController();
  const timers = [setTimeout(() => safetyNet.abort(), deadlineMs + SAFETY_NET_MS)];
  if (mode === 'long-wait') timers.push(setTimeout(() => cancel.abort(), LONG_WAIT_CANCEL_MS));
  let run: SurfaceRun;
  try {
    run = await surface.run({
      probe, mode, url: server.url, clientId: CLIENT_ID, clientSecret, botId: BOT_ID, deadlineMs,
      waitTimeoutMs: mode === 'long-wait' ? LONG_WAIT_TIMEOUT_MS : WAIT_TIMEOUT_MS, cancel: cancel.signal, stop: safetyNet.signal,
      firstHitAt: () => server.hits[0]?.at,
    });
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await server.close();
  }
  const failures = [
    ...checkDeadline(run.elapsedMs, deadlineMs).map((text) => `deadline: ${text}`),
    ...checkMemory(run.memory).map((text) => `memory: ${text}`),
    ...checkOutcome(run.endings, expected).map((text) => `outcome: ${text}`),
    ...leaksIn(run, clientSecret).map((text) => `leak: ${text}`),
    ...run.captures.flatMap((capture) => findRawControls(capture.label, capture.value)).map((text) => `control character: ${text}`),
    ...checkWarnings(run.warnings).map((text) => `warning: ${text}`),
    ...safeTextShown(surface, probe, run).map((text) => `safe text: ${text}`),
    ...server.verify().map((text) => `server: ${text}`),
    ...run.failures.map((text) => `${surface.name}: ${text}`),
  ];
  return {
    surface: surface.name, probe: probe.name, mode, expected, outcome: describeEndings(run.endings),
    elapsedMs: Math.round(run.elapsedMs), deadlineMs, memory: run.memory, failures,
  };
}

function leaksIn(run: SurfaceRun, clientSecret: string): string[] {
  const scanner = new SecretScanner();
  for (const capture of run.captures) scanner.add(capture.label, capture.value);
  return scanner.leaks([clientSecret]);
}

/** The server's text must reach the user made safe (escaped, redacted), not silently dropped. */
function safeTextShown(surface: HostileSurface, probe: HostileProbe, run: SurfaceRun): string[] {
  if (!surface.reportsLastStatus || probe.safeMarker === undefined) return [];
  if (run.lastStatusText === undefined) return ['no lastStatus on the error'];
  return run.lastStatusText.includes(probe.safeMarker) ? [] : [`lastStatus ${JSON.stringify(run.lastStatusText.slice(0, 80))} lacks ${probe.safeMarker}`];
}
