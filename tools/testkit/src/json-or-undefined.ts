/**
 * An HTTP answer's body as JSON, or undefined when it is not JSON. Why: tests read answers that may be
 * an error page or plain text, and want to assert on both the text and the parsed value.
 */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
