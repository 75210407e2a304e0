import { KoreError } from '@kore-train/core';
import { EXIT } from './exit-codes.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

const EXIT_CODE: Record<StopSignal, number> = { SIGINT: EXIT.INTERRUPTED, SIGTERM: EXIT.TERMINATED };

/**
 * The abort reason the CLI gives its AbortSignal: it names the signal (the core puts the reason's message into
 * its ABORTED error) and carries the exit code a shell expects for it.
 */
export class InterruptedBySignal extends Error {
  override readonly name = 'InterruptedBySignal';
  readonly exitCode: number;

  constructor(readonly signalName: StopSignal) {
    super(`interrupted by ${signalName}`);
    this.exitCode = EXIT_CODE[signalName];
  }
}

/** Exit code for an aborted run: the signal's own, or 130 when the abort came from elsewhere. */
export function exitCodeForAbort(signal: AbortSignal | undefined): number {
  const reason: unknown = signal?.reason;
  return reason instanceof InterruptedBySignal ? reason.exitCode : EXIT.INTERRUPTED;
}

/** The ABORTED error as the user sees it: it names the signal, whatever words the core chose. */
export function describeAbort(error: KoreError, signal: AbortSignal | undefined): KoreError {
  const reason: unknown = signal?.reason;
  if (!(reason instanceof InterruptedBySignal) || error.message.includes(reason.signalName)) return error;
  return new KoreError('ABORTED', `${error.message} (${reason.message})`, {
    ...(error.lastStatus ? { lastStatus: error.lastStatus } : {}),
    ...(error.resumeToken ? { resumeToken: error.resumeToken } : {}),
  });
}

export interface SignalSource {
  once(event: StopSignal, listener: () => void): unknown;
  exit(code: number): never;
}

/**
 * SIGINT and SIGTERM abort the run cleanly (no request after them; the exit code says which one came);
 * the same signal a second time leaves at once.
 */
export function abortOnSignals(controller: AbortController, source: SignalSource): void {
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    source.once(name, () => {
      controller.abort(new InterruptedBySignal(name));
      source.once(name, () => source.exit(EXIT_CODE[name]));
    });
  }
}
