/** Warnings that mean a timer or a listener was mishandled. */
const BAD_WARNINGS = ['TimeoutOverflowWarning', 'MaxListenersExceededWarning'] as const;

/** Node's timer limit: a longer delay fires after 1 ms, with a TimeoutOverflowWarning. */
const TIMER_MAX_MS = 2 ** 31 - 1;

type TimerFunction = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;

/**
 * Collects the names of process warnings emitted while it watches (in-process surfaces). Jest hands
 * each test file its own `process` object, which Node's own warnings never reach, so timers are also
 * watched at the source: a `setTimeout`/`setInterval` past the limit counts as the warning it causes.
 */
export class WarningWatcher {
  readonly names: string[] = [];
  private readonly listener = (warning: Error): void => {
    this.names.push(warning.name);
  };
  private readonly originals = { setTimeout: globalThis.setTimeout, setInterval: globalThis.setInterval };

  constructor() {
    process.on('warning', this.listener);
    for (const name of ['setTimeout', 'setInterval'] as const) {
      const original = this.originals[name] as unknown as TimerFunction;
      const watched: TimerFunction = (callback, ms, ...args) => {
        if (typeof ms === 'number' && ms > TIMER_MAX_MS) this.names.push('TimeoutOverflowWarning');
        return original(callback, ms, ...args);
      };
      // Keep util.promisify.custom and the like.
      Object.defineProperties(watched, Object.getOwnPropertyDescriptors(original));
      (globalThis as unknown as Record<string, unknown>)[name] = watched;
    }
  }

  stop(): string[] {
    process.off('warning', this.listener);
    Object.assign(globalThis, this.originals);
    return this.names;
  }
}

/** The warning names a child printed on stderr (`(node:123) TimeoutOverflowWarning: …`). */
export function warningsInStderr(stderr: string): string[] {
  return BAD_WARNINGS.filter((name) => stderr.includes(name));
}

export function checkWarnings(names: readonly string[]): string[] {
  const bad = names.filter((name) => (BAD_WARNINGS as readonly string[]).includes(name));
  return bad.length === 0 ? [] : [`emitted ${[...new Set(bad)].map((name) => `${name} x${bad.filter((b) => b === name).length}`).join(', ')}`];
}
