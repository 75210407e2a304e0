import type { ReportRow } from './runner.js';

/** The probe x surface table printed at the end of the run, so it shows in CI output. */
export function summaryTable(rows: readonly ReportRow[]): string {
  const header = ['surface', 'probe', 'mode', 'expected', 'outcome', 'time to end', 'memory', 'result'];
  const lines = rows.map((row) => [
    row.surface,
    row.probe,
    row.mode,
    row.expected,
    row.outcome.length > 40 ? `${row.outcome.slice(0, 39)}…` : row.outcome,
    `${row.elapsedMs} ms / ${row.deadlineMs} ms`,
    `${row.memory.kind} ${Number.isFinite(row.memory.mb) ? row.memory.mb : '?'} MB (< ${row.memory.boundMb})`,
    row.failures.length === 0 ? 'ok' : `FAIL: ${row.failures.length}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const failed = rows.filter((row) => row.failures.length > 0);
  return [
    `Hostile-server suite: ${rows.length} runs, ${failed.length} failed`,
    format(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...lines.map(format),
    ...failed.flatMap((row) => [`${row.surface} / ${row.probe} (${row.mode}):`, ...row.failures.map((failure) => `  - ${failure}`)]),
  ].join('\n');
}
