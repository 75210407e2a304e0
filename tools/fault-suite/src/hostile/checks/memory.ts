/** Bounds for what one probe may cost. */
export const IN_PROCESS_GROWTH_BOUND_MB = 64;
export const CHILD_PEAK_RSS_BOUND_MB = 200;

const MB = 1024 * 1024;

export interface MemoryFigure {
  /** What was measured, for the summary table. */
  kind: 'heap+external growth' | 'peak RSS';
  mb: number;
  boundMb: number;
}

/**
 * Samples this process's memory while a probe runs. The figure is the peak growth of live
 * allocations (V8 heap plus Buffers and other external memory) over the start: unlike RSS it does not
 * hide a new allocation in pages an earlier test freed but the process kept.
 */
export class MemoryMeter {
  private readonly base = allocated();
  private peak = this.base;
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 10) {
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    this.peak = Math.max(this.peak, allocated());
  }

  stop(boundMb = IN_PROCESS_GROWTH_BOUND_MB): MemoryFigure {
    clearInterval(this.timer);
    this.sample();
    return { kind: 'heap+external growth', mb: round((this.peak - this.base) / MB), boundMb };
  }
}

function allocated(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

export function checkMemory(figure: MemoryFigure): string[] {
  if (!Number.isFinite(figure.mb)) return [`${figure.kind} was not measured`];
  return figure.mb < figure.boundMb ? [] : [`${figure.kind} ${figure.mb} MB, bound ${figure.boundMb} MB`];
}

function round(mb: number): number {
  return Math.round(mb * 10) / 10;
}
