#!/usr/bin/env node
// Runs a package's binary (e.g. jest) or a script under the Node 24 binary from node24.mjs, with the
// Node 24 folder first on PATH (so child processes get it too) and KORE_NODE_RED=nr5 unless set:
// Node-RED 5 wants Node >= 22.9.
//
//   node tools/node-red-e2e/with-node24.mjs jest [jest args...]     (run from a package folder)
//   node tools/node-red-e2e/with-node24.mjs path/to/script.js [args...]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { ensureNode24 } from './node24.mjs';

const [target, ...args] = process.argv.slice(2);
if (!target) {
  process.stderr.write('usage: with-node24.mjs <package bin | script.js> [args...]\n');
  process.exit(2);
}

/** A file path as given, or the bin of the package of that name, resolved from the current folder. */
function resolveTarget(name) {
  const asFile = resolve(name);
  if (existsSync(asFile)) return asFile;
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pkgJson = require.resolve(`${name}/package.json`);
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.[name];
  if (!bin) throw new Error(`${name} has no "${name}" binary`);
  return join(dirname(pkgJson), bin);
}

const node24 = ensureNode24();
const script = resolveTarget(target);
const env = {
  ...process.env,
  KORE_NODE_RED: process.env.KORE_NODE_RED || 'nr5',
  PATH: `${dirname(node24)}${delimiter}${process.env.PATH ?? ''}`,
};
process.stderr.write(`[with-node24] ${node24} ${script} ${args.join(' ')}\n`);
const child = spawn(node24, [script, ...args], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
