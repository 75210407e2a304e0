import { walkStrings } from '@kore-train/testkit';

/**
 * Raw control characters a server could use on a terminal or a log: C0 except tab and newline
 * (ESC, CR, BEL…), DEL, C1, the line and paragraph separators and the bidi controls.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/u;

/** A marker the hostile servers put right after a newline: raw, it would start a forged log line. */
export const FORGED_MARKER = 'FORGED-LINE';

/**
 * Every raw control character in the strings (values and keys) of `value`, and every newline a
 * server's text turned into a forged line. Objects are walked rather than serialized, because
 * JSON.stringify escapes C0 but leaves C1, U+2028 and bidi controls raw.
 */
export function findRawControls(label: string, value: unknown): string[] {
  const found: string[] = [];
  const forged = new RegExp(`[\\r\\n]${FORGED_MARKER}`);
  for (const { path, text } of walkStrings(label, value)) {
    const match = RAW_CONTROL.exec(text);
    if (match) found.push(`${path}: raw U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()} at ${match.index}`);
    if (forged.test(text)) found.push(`${path}: a server newline starts a forged line`);
  }
  return found;
}
