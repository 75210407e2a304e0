/** Short real deadlines: every probe ends in seconds, so the whole matrix stays small. */
export const WAIT_TIMEOUT_MS = 2_000;
/** The library's per-request timeout (the only surface that exposes one). */
export const REQUEST_TIMEOUT_MS = 1_000;
export const POLL_INTERVAL_MS = 100;
/** After its deadline plus this, a surface that has not ended is stopped: a safety net, reported as a failure. */
export const SAFETY_NET_MS = 5_000;
/** A wait far past Node's 24.8-day timer limit, cancelled by its user after this long. */
export const LONG_WAIT_TIMEOUT_MS = 30 * 24 * 3_600_000;
export const LONG_WAIT_CANCEL_MS = 1_500;
