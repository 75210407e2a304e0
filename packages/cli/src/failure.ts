import type { KoreError } from '@kore-train/core';
import type { Stream } from './progress.js';
import { safeDocument, safeText } from './safe-output.js';

/** How a run ended badly, and what the user can do next. */
export interface Failure {
  error: KoreError;
  exitCode: number;
  /** Defaults to the core's `error.hint`. */
  hint?: string;
  /** The command that goes on with the wait, when it can be resumed. */
  resume?: { token: string; command: string };
}

/** The line a CI script greps for: `Resume with: kore-train wait --resume <token>`. */
export const RESUME_LINE_PREFIX = 'Resume with: ';

/**
 * Text mode: the one `kore-train: … [CODE]` line, then `hint: …` and the resume line, on stderr.
 * --json: one document on stdout, with `resumeToken` at the top when the wait can go on.
 */
export function writeFailure(failure: Failure, out: { stdout: Stream; stderr: Stream }, json: boolean): number {
  const { error } = failure;
  const hint = failure.hint ?? error.hint;
  if (json) {
    // toJSON() carries the core's hint; a hint of the CLI's own replaces it.
    const document = { ok: false, error: { ...error.toJSON(), ...(failure.hint ? { hint: failure.hint } : {}) }, ...(failure.resume ? { resumeToken: failure.resume.token } : {}) };
    out.stdout.write(`${JSON.stringify(safeDocument(document), null, 2)}\n`);
  } else {
    let text = `kore-train: ${safeText(error.message)} [${error.code}]\n`;
    if (hint) text += `hint: ${safeText(hint)}\n`;
    if (failure.resume) text += `${RESUME_LINE_PREFIX}${safeText(failure.resume.command)}\n`;
    out.stderr.write(text);
  }
  return failure.exitCode;
}
