import type { KoreErrorCode } from '@kore-train/core';

/** The CLI's contract with shell scripts and CI jobs. */
export const EXIT = {
  OK: 0,
  TRAINING_FAILED: 1,
  TIMED_OUT: 2,
  INVALID_INPUT: 3,
  REJECTED: 4,
  API_ERROR: 5,
  /** Ctrl-C (SIGINT): 128 + 2, as shells report it. */
  INTERRUPTED: 130,
  /** SIGTERM (a CI runner cancelling the job, `kill`): 128 + 15. */
  TERMINATED: 143,
} as const;

export function exitCodeFor(code: KoreErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return EXIT.INVALID_INPUT;
    case 'BAD_REQUEST':
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
    case 'NOT_FOUND':
      return EXIT.REJECTED;
    case 'TIMEOUT':
    case 'BUDGET_EXHAUSTED':
      return EXIT.TIMED_OUT;
    case 'ABORTED':
      return EXIT.INTERRUPTED;
    case 'TRAINING_FAILED':
      return EXIT.TRAINING_FAILED;
    default:
      return EXIT.API_ERROR;
  }
}
