/**
 * Part 4, load time: cold `require()` of each adapter's built entries (what Node-RED / n8n load, as
 * listed in the package's `node-red` / `n8n` field) in a fresh `node` process, against a bare stub
 * module loaded the same way. Two measures, median of several interleaved runs:
 *   - require time: process.hrtime around the require() calls inside the child;
 *   - process time: spawn to exit of the child as seen by the parent (node start-up included).
 * Peer dependencies the host has already loaded (n8n-workflow) are required before the timer, in
 * the stub's process too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './stats.js';

export interface LoadTarget {
  name: string;
  packageDir: string;
}

export interface LoadResult {
  name: string;
  built: boolean;
  entries: string[];
  preload: string[];
  missing: string[];
  requireMs: number;
  processMs: number;
  stubRequireMs: number;
  stubProcessMs: number;
  runs: number;
}

const ROOT = resolve(__dirname, '..', '..');
export const ADAPTERS: LoadTarget[] = [
  { name: 'node-red-kore-train', packageDir: join(ROOT, 'packages', 'node-red-kore-train') },
  { name: 'n8n-nodes-kore-train', packageDir: join(ROOT, 'packages', 'n8n-nodes-kore-train') },
];

interface PackageJson {
  'node-red'?: { nodes?: Record<string, string> };
  n8n?: { nodes?: string[]; credentials?: string[] };
  peerDependencies?: Record<string, string>;
}

function entriesOf(target: LoadTarget): { entries: string[]; preload: string[] } {
  const file = join(target.packageDir, 'package.json');
  if (!existsSync(file)) return { entries: [], preload: [] };
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  const relative = [...Object.values(pkg['node-red']?.nodes ?? {}), ...(pkg.n8n?.credentials ?? []), ...(pkg.n8n?.nodes ?? [])];
  const preload = Object.keys(pkg.peerDependencies ?? {}).map((id) => require.resolve(id, { paths: [target.packageDir] }));
  return { entries: relative.map((p) => join(target.packageDir, p)), preload };
}

function stubFile(): string {
  const dir = join(tmpdir(), 'kore-train-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'stub-node.js');
  writeFileSync(file, "'use strict';\nmodule.exports = function (RED) {\n  void RED;\n};\n");
  return file;
}

function probe(preload: string[], entries: string[]): { requireMs: number; processMs: number } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [join(__dirname, 'load-probe.js'), JSON.stringify({ preload, entries })], { encoding: 'utf8' });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`load probe failed (${entries.map((e) => e.slice(ROOT.length + 1)).join(', ')}): ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return { requireMs: (JSON.parse(child.stdout) as { requireMs: number }).requireMs, processMs };
}

export function runLoadBench(runs = 9): { results: LoadResult[]; wallMs: number } {
  const wallStarted = performance.now();
  const stub = stubFile();
  const targets = ADAPTERS.map((target) => {
    const { entries, preload } = entriesOf(target);
    const missing = entries.filter((e) => !existsSync(e));
    return { target, entries, preload, missing, built: entries.length > 0 && missing.length === 0, samples: [] as { requireMs: number; processMs: number }[], stubSamples: [] as { requireMs: number; processMs: number }[] };
  });
  probe([], [stub]); // warm the file cache for node itself
  for (let run = 0; run < runs; run++) {
    for (const t of targets) {
      if (!t.built) continue;
      // Alternate which goes first, so neither always meets a warmer cache.
      if (run % 2 === 0) {
        t.stubSamples.push(probe(t.preload, [stub]));
        t.samples.push(probe(t.preload, t.entries));
      } else {
        t.samples.push(probe(t.preload, t.entries));
        t.stubSamples.push(probe(t.preload, [stub]));
      }
    }
  }
  const results = targets.map((t): LoadResult => ({
    name: t.target.name,
    built: t.built,
    entries: t.entries.map((e) => e.slice(ROOT.length + 1)),
    preload: t.preload.map((p) => p.slice(p.lastIndexOf('node_modules/') + 13).split('/')[0] ?? p),
    missing: t.missing.map((e) => e.slice(ROOT.length + 1)),
    requireMs: median(t.samples.map((s) => s.requireMs)),
    processMs: median(t.samples.map((s) => s.processMs)),
    stubRequireMs: median(t.stubSamples.map((s) => s.requireMs)),
    stubProcessMs: median(t.stubSamples.map((s) => s.processMs)),
    runs: t.samples.length,
  }));
  return { results, wallMs: performance.now() - wallStarted };
}
