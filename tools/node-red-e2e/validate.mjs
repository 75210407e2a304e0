#!/usr/bin/env node
// Runs `node-red-dev validate` (the Node-RED flow library's scorecard) on the package as it is
// published: `npm pack`, extracted, validated. Exits non-zero on any failed check that is not
// explained below.
//
// node-red-dev@0.1.6 is installed once into ${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/node-red-dev-0.1.6
// (idempotent, like node24.mjs). It fetches catalogue.nodered.org for two checks (P08 similar
// package names, N01 duplicate node type names); when that host cannot be reached (machines that
// only reach the npm registry), an empty catalogue is answered instead and the run says so: those
// two checks then prove nothing.
//
//   node tools/node-red-e2e/validate.mjs [package folder]     (default: the current folder)
import { execFileSync, spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const VERSION = '0.1.6';
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Failed checks that are expected, with the reason printed beside them. */
const EXPLAINED = {
  P03: () =>
    'P03 ("repository or bugs URL") fails because the project has no public repository or issue tracker address yet; an invented one would be worse. Add "repository" (or "bugs") to package.json when the project is published.',
  D03: (entry) =>
    (entry.packages ?? []).every((name) => name.startsWith('@kore-train/'))
      ? 'D03 ("dependencies at their latest version") looks the dependency up on the npm registry: @kore-train/core is a workspace package not published (yet), so npm answers 404 and no "latest" exists. It passes once core is published at the version range the adapter declares.'
      : undefined,
};

function cleanEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return env;
}

function ensureNodeRedDev() {
  const cacheHome = process.env.XDG_CACHE_HOME?.trim() ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache');
  const dir = join(cacheHome, 'kore-train', `node-red-dev-${VERSION}`);
  const bin = join(dir, 'node_modules', 'node-red-dev', 'bin', 'run');
  if (existsSync(bin)) return bin;
  process.stderr.write(`[validate] installing node-red-dev@${VERSION} into ${dir} (once)\n`);
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'kore-train-node-red-dev', private: true }));
    execFileSync(NPM, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `node-red-dev@${VERSION}`], {
      cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'], env: cleanEnv(),
    });
    if (!existsSync(bin)) {
      try {
        renameSync(tmp, dir);
      } catch (error) {
        if (!existsSync(bin)) throw error; // another run finished first: use its install
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return bin;
}

async function reachable(host) {
  try {
    await lookup(host);
    return true;
  } catch {
    return false;
  }
}

const packageDir = resolve(process.argv[2] ?? process.cwd());
const bin = ensureNodeRedDev();
const work = mkdtempSync(join(tmpdir(), 'kore-nr-validate-'));
let exitCode = 1;
try {
  // What users get: the packed tarball, extracted.
  const packed = JSON.parse(execFileSync(NPM, ['pack', '--json', '--pack-destination', work], { cwd: packageDir, env: cleanEnv(), encoding: 'utf8' }));
  const tarball = join(work, packed[0].filename.replace(/^@/, '').replace(/\//, '-'));
  execFileSync('tar', ['-xzf', tarball, '-C', work]);
  const extracted = join(work, 'package');

  const nodeArgs = [];
  if (!(await reachable('catalogue.nodered.org'))) {
    const stub = join(work, 'catalogue-stub.cjs');
    writeFileSync(stub, `// catalogue.nodered.org is out of reach: answer an empty catalogue (P08 and N01 then prove nothing).
const Module = require('module');
const load = Module._load;
Module._load = function (request) {
  const loaded = load.apply(this, arguments);
  if (request === 'axios' && loaded && !loaded.__koreCatalogueStub) {
    const get = loaded.get.bind(loaded);
    loaded.get = (url, ...rest) => (/catalogue\\.nodered\\.org/.test(String(url)) ? Promise.resolve({ data: { modules: [] } }) : get(url, ...rest));
    loaded.__koreCatalogueStub = true;
  }
  return loaded;
};
`);
    nodeArgs.push('-r', stub);
    process.stdout.write('[validate] catalogue.nodered.org is not reachable from here: P08 (similar package names) and N01 (unique node names) run against an empty catalogue and prove nothing.\n');
  }
  const scorecardFile = join(work, 'scorecard.json');
  const result = spawnSync(process.execPath, [...nodeArgs, bin, 'validate', '-p', extracted, '-o', scorecardFile], { stdio: 'inherit', env: cleanEnv() });
  if (result.status !== 0 || !existsSync(scorecardFile)) throw new Error(`node-red-dev exited with ${result.status} and no scorecard`);
  const scorecard = JSON.parse(readFileSync(scorecardFile, 'utf8'));
  const failed = Object.entries(scorecard).filter(([key, entry]) => /^[A-Z]\d+$/.test(key) && entry && entry.test === false);
  let unexplained = 0;
  for (const [key, entry] of failed) {
    const why = EXPLAINED[key]?.(entry);
    if (why) process.stdout.write(`[validate] ${key} failed, explained: ${why}\n`);
    else {
      unexplained++;
      process.stdout.write(`[validate] ${key} FAILED: ${JSON.stringify(entry)}\n`);
    }
  }
  const passed = Object.entries(scorecard).filter(([key, entry]) => /^[A-Z]\d+$/.test(key) && entry?.test === true).length;
  process.stdout.write(`[validate] scorecard: ${passed} passed, ${failed.length} failed (${failed.length - unexplained} explained)\n`);
  exitCode = unexplained === 0 ? 0 : 1;
} catch (error) {
  process.stderr.write(`[validate] ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
