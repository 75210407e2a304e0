import type { KoreErrorCode } from '@kore-train/core';

/** How a surface ended one probe, as the surface reports it. */
export type Ending =
  | { error: KoreErrorCode | 'BAD_REQUEST' }
  | { outcome: 'finished' | 'failed' }
  /** A single status call that returned a status. */
  | { status: string }
  /** Anything else: an untyped throw, unparseable output, a crash. */
  | { untyped: string };

export function describeEndings(endings: readonly Ending[]): string {
  if (endings.length === 0) return 'none';
  return endings.map((ending) => ('error' in ending ? ending.error : 'outcome' in ending ? ending.outcome : 'status' in ending ? `status ${ending.status}` : `untyped: ${ending.untyped}`)).join(' + ');
}

/** Exactly one ending, and it is the KoreError code the contract names. */
export function checkOutcome(endings: readonly Ending[], expected: KoreErrorCode): string[] {
  if (endings.length !== 1) return [`expected exactly one outcome (${expected}), got ${endings.length}: ${describeEndings(endings)}`];
  const [ending] = endings;
  if (ending && 'error' in ending && ending.error === expected) return [];
  return [`expected ${expected}, got ${describeEndings(endings)}`];
}
