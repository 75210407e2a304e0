// Both entry points load the same code: a KoreError thrown through one is an instance for the other.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import * as esm from '@kore-train/core';
import * as esmEngine from '@kore-train/core/engine';

const require = createRequire(import.meta.url);
for (const [name, cjs, esmEntry] of [['@kore-train/core', require('@kore-train/core'), esm], ['@kore-train/core/engine', require('@kore-train/core/engine'), esmEngine]]) {
  const missing = Object.keys(cjs).filter((key) => !(key in esmEntry));
  if (missing.length) throw new Error(`${name}: ESM entry lacks: ${missing.join(', ')}`);
  if (esmEntry.KoreError !== esm.KoreError) throw new Error(`${name}: ESM and CommonJS entries load two copies of the code`);
  console.log(`${name}: ${Object.keys(cjs).length} exports, one copy of the code`);
}

// The engine entry must load nothing a strict host forbids: no axios, no HTTP modules, no timer sleep.
const probe = `
  require('@kore-train/core/engine');
  const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\\\/]axios|timer-sleep|transport\\.js$/.test(f));
  process.stdout.write(JSON.stringify(loaded));
`;
const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
if (run.status !== 0) throw new Error(`engine probe failed: ${run.stderr}`);
const loaded = JSON.parse(run.stdout);
if (loaded.length) throw new Error(`@kore-train/core/engine loads ${loaded.join(', ')}`);
console.log('@kore-train/core/engine loads no axios, no transport and no timer sleep');
