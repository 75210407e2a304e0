import { formatDuration, type ProgressEvent } from '@kore-train/core';
import { outOfSyncLabels } from './describe.js';
import { safeText } from './safe-output.js';

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Live progress on stderr. On a terminal one line is redrawn with a ticking clock; elsewhere
 * (CI logs, pipes) a line is printed per status change only.
 */
export class ProgressView {
  private line = '';
  private ticker?: NodeJS.Timeout;
  private readonly started = Date.now();

  /** `label` is printed as given: the caller makes it safe. */
  constructor(private readonly out: Stream, private readonly label: string) {}

  start(): void {
    if (!this.out.isTTY) {
      this.out.write(`${this.label}\n`);
      return;
    }
    this.ticker = setInterval(() => this.draw(), 1000);
    this.ticker.unref();
    this.draw();
  }

  update(event: ProgressEvent): void {
    const flags = event.status.outOfSync.length ? ` (out of sync: ${outOfSyncLabels(event.status)})` : '';
    // Server text: a status holding ESC or CR could redraw the terminal or forge a log line.
    this.line = safeText(`${event.status.trainingStatus}${flags}`);
    if (this.out.isTTY) this.draw();
    else this.out.write(`  ${formatDuration(event.elapsedMs)}: ${this.line}\n`);
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.out.isTTY) this.out.write('\r\x1b[2K');
  }

  private draw(): void {
    const elapsed = formatDuration(Math.floor((Date.now() - this.started) / 1000) * 1000);
    this.out.write(`\r\x1b[2K${this.label} ${elapsed}${this.line ? ` - ${this.line}` : ''}`);
  }
}
