import type { PolicyResult } from './policy.js';

export interface Row {
  metric: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null: information, no target. */
  met: boolean | null;
}

export const verdict = (met: boolean | null): string => (met === null ? '-' : met ? 'met' : 'MISSED');

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const seconds = (ms: number, digits = 1): string => `${fmt(ms / 1000, digits)} s`;

const HEADER = ['metric', 'this project', 'baseline', 'ratio', 'target', 'met'];

const cells = (row: Row): string[] => [row.metric, row.value, row.baseline, row.ratio, row.target, verdict(row.met)];

/** Fixed-width text table for the terminal. */
export function textTable(rows: Row[]): string {
  const all = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEADER), rule, ...rows.map((r) => line(cells(r)))].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const escape = (c: string): string => c.replace(/\|/g, '\\|');
  return [
    `| ${HEADER.join(' | ')} |`,
    '|---|---:|---:|---:|---|---|',
    ...rows.map((r) => `| ${cells(r).map((c, i) => (i === 5 && r.met === false ? `**${c}**` : escape(c))).join(' | ')} |`),
  ].join('\n');
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Tick step of about `count` ticks over [0, max]: 1, 2 or 5 times a power of ten. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** 1, 2, 5, 10, 20, 50… from the largest of those <= lo to the smallest >= hi. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let power = Math.floor(Math.log10(lo)); 10 ** power <= hi * 10; power++) {
    for (const unit of [1, 2, 5]) ticks.push(unit * 10 ** power);
  }
  const first = ticks.filter((t) => t <= lo).pop() ?? ticks[0] ?? lo;
  const last = ticks.find((t) => t >= hi) ?? hi;
  return ticks.filter((t) => t >= first && t <= last);
}

/**
 * Hand-written SVG: detection lag (y, log scale: dot the mean, whisker up to p95) against total status
 * requests (x), one point per policy, and the target region (requests <= 1/3 of the fixed poll's and
 * mean lag <= 1/3 of the AWS waiter's) shaded.
 */
export function policyChart(results: PolicyResult[], target: { maxRequests: number; maxMeanLagMs: number }, caption: string): string {
  const W = 760;
  const H = 460;
  const m = { left: 70, right: 40, top: 50, bottom: 60 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const maxX = Math.max(...results.map((r) => r.requests), target.maxRequests) * 1.15;
  const lagsS = results.flatMap((r) => [r.meanLagMs / 1000, r.p95LagMs / 1000]).concat(target.maxMeanLagMs / 1000);
  const yTicks = logTicks(Math.max(0.1, Math.min(...lagsS) / 1.5), Math.max(...lagsS) * 1.5);
  const lo = Math.log10(yTicks[0] as number);
  const hi = Math.log10(yTicks[yTicks.length - 1] as number);
  const sx = (v: number): number => m.left + (v / maxX) * pw;
  const sy = (s: number): number => m.top + ph - ((Math.log10(s) - lo) / (hi - lo)) * ph;
  const colors = ['#1f77b4', '#d62728', '#ff7f0e', '#2ca02c', '#9467bd'];
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">Polling policy: detection lag vs status requests (${xmlEscape(caption)})</text>`);
  // grid and axes
  const xStep = niceStep(maxX, 6);
  for (let v = 0; v <= maxX; v += xStep) {
    out.push(`<line x1="${sx(v)}" y1="${m.top}" x2="${sx(v)}" y2="${m.top + ph}" stroke="#e8e8e8"/>`);
    out.push(`<text x="${sx(v)}" y="${m.top + ph + 18}" text-anchor="middle">${fmt(v)}</text>`);
  }
  for (const v of yTicks) {
    out.push(`<line x1="${m.left}" y1="${sy(v)}" x2="${m.left + pw}" y2="${sy(v)}" stroke="#e8e8e8"/>`);
    out.push(`<text x="${m.left - 8}" y="${sy(v) + 4}" text-anchor="end">${fmt(v, v < 1 ? 1 : 0)}</text>`);
  }
  // target region: from the bottom of the plot up to the lag target, left of the request target
  const ty = sy(target.maxMeanLagMs / 1000);
  out.push(`<rect x="${sx(0)}" y="${ty}" width="${sx(target.maxRequests) - sx(0)}" height="${m.top + ph - ty}" fill="#2ca02c" fill-opacity="0.12" stroke="#2ca02c" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${sx(0) + 6}" y="${ty - 18}" fill="#1a7a1a" font-weight="bold">target region</text>`);
  out.push(`<text x="${sx(0) + 6}" y="${ty - 5}" fill="#1a7a1a">requests &lt;= 1/3 of fixed 5 s, mean lag &lt;= 1/3 of AWS</text>`);
  out.push(`<line x1="${m.left}" y1="${m.top + ph}" x2="${m.left + pw}" y2="${m.top + ph}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + ph}" stroke="#333"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 18}" text-anchor="middle">total status requests (lower is better)</text>`);
  out.push(`<text transform="translate(20 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">detection lag, s, log scale (dot: mean, whisker: p95)</text>`);
  results.forEach((r, i) => {
    const color = colors[i % colors.length] as string;
    const x = sx(r.requests);
    const y = sy(r.meanLagMs / 1000);
    const y95 = sy(r.p95LagMs / 1000);
    out.push(`<line x1="${x}" y1="${y}" x2="${x}" y2="${y95}" stroke="${color}" stroke-width="2" stroke-opacity="0.6"/>`);
    out.push(`<line x1="${x - 5}" y1="${y95}" x2="${x + 5}" y2="${y95}" stroke="${color}" stroke-width="2" stroke-opacity="0.6"/>`);
    out.push(`<circle cx="${x}" cy="${y}" r="6" fill="${color}"/>`);
    const anchor = x > m.left + pw * 0.6 ? 'end' : 'start';
    const dx = anchor === 'end' ? -12 : 12;
    out.push(`<text x="${x + dx}" y="${y - 4}" text-anchor="${anchor}" fill="${color}" font-weight="bold">${xmlEscape(r.policy)}</text>`);
    out.push(`<text x="${x + dx}" y="${y + 12}" text-anchor="${anchor}" fill="${color}">${fmt(r.requests)} req, mean ${seconds(r.meanLagMs)}, p95 ${seconds(r.p95LagMs)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
