/**
 * Any failure as a host reports it: a message safe to show, and a description of what the user can do and where:
 * core's hint for the code, then the host's place to do it, then how to go on with a stopped wait. Why here: the
 * order of that advice, which errors get which part, and that a foreign error's text is redacted and shortened
 * are the same for every host; only the wording of places is the host's.
 */
import { isKoreError, type KoreErrorCode } from './errors.js';
import { labelInvalidInput, type FieldLabels, type LabelledInput } from './field-labels.js';
import { safeText } from './redact.js';

export interface ErrorReport {
  /** The KoreError's code; INTERNAL_ERROR for any other error. */
  code: KoreErrorCode | 'INTERNAL_ERROR';
  message: string;
  /** What to do about it, and where; none when there is nothing to say. */
  description?: string;
  httpStatus?: number;
  field?: string;
  resumeToken?: string;
}

/** How a host words the places in its own user interface. */
export interface ReportWording<Place extends string> {
  /** Core's input names as the host shows them, by where they live. */
  labels: FieldLabels<Place>;
  /** An INVALID_INPUT of a labelled input: the message and where to fix it. */
  fixInput(input: LabelledInput<Place>): { message: string; description: string };
  /** Per code: where in the host the user does what core's hint says. */
  where: Partial<Record<KoreErrorCode, string>>;
  /** The sentence that hands a resume token over, saying where to paste it. */
  resumeText(token: string): string;
}

/** Errors that are not core's are shortened to this many characters. */
const FOREIGN_MESSAGE_MAX = 500;

export function reportError<Place extends string>(error: unknown, wording: ReportWording<Place>, secrets: readonly string[] = []): ErrorReport {
  if (!isKoreError(error)) {
    // Not core's: its text was never made safe.
    const text = error instanceof Error ? error.message : String(error);
    return { code: 'INTERNAL_ERROR', message: safeText(text, secrets).slice(0, FOREIGN_MESSAGE_MAX) };
  }
  const report: ErrorReport = { code: error.code, message: error.message };
  if (error.httpStatus !== undefined) report.httpStatus = error.httpStatus;
  if (error.field !== undefined) report.field = error.field;
  if (error.resumeToken !== undefined) report.resumeToken = error.resumeToken;
  if (error.code === 'INVALID_INPUT') {
    // The input's own name and place say all there is to say; core's hint would be generic.
    const input = labelInvalidInput(error, wording.labels);
    return input ? { ...report, ...wording.fixInput(input) } : report;
  }
  const resume = error.resumeToken === undefined ? undefined : wording.resumeText(error.resumeToken);
  const parts = [error.hint, wording.where[error.code], resume].filter((part): part is string => part !== undefined && part !== '');
  if (parts.length > 0) report.description = parts.join(' ');
  return report;
}
