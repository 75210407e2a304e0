// Both entry points load the same code: a KoreError thrown through one is an instance for the other.
import { createRequire } from 'node:module';
import * as esm from '@kore-train/core';

const cjs = createRequire(import.meta.url)('@kore-train/core');
const missing = Object.keys(cjs).filter((name) => !(name in esm));
if (missing.length) throw new Error(`ESM entry lacks: ${missing.join(', ')}`);
if (esm.KoreError !== cjs.KoreError) throw new Error('ESM and CommonJS entries load two copies of the code');
console.log(`entry points: ${Object.keys(cjs).length} exports, one copy of the code`);
