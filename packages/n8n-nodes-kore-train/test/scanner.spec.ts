/**
 * The lint step that runs n8n's verification scanner (scripts/scan-community-package.mjs) must fail
 * when the shipped bundle uses a global that n8n Cloud bans. The package is built into a temp folder
 * (never the package's own dist/, which a parallel build may be rewriting), packed with `npm pack`
 * as it would be published, unpacked, and then scanned as shipped and with a banned use appended.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { cleanNpmEnv } from '@kore-train/testkit';

const PKG_DIR = join(__dirname, '..');
const NODE_JS = 'dist/nodes/KoreAiMlTraining/KoreAiMlTraining.node.js';

interface Run {
  code: number;
  output: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  // npm's variables of an enclosing `npm run` would point `npm pack` at the workspace.
  const env = cleanNpmEnv();
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      // Colours (on when run under Nx) would split the report's fields.
      resolve({ code, output: stripVTControlCharacters(`${stdout}${stderr}`) });
    });
  });
}

async function ok(command: string, args: string[], cwd: string): Promise<Run> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${result.output}`);
  return result;
}

const scanShipped = (dir: string): Promise<Run> => run(process.execPath, ['scripts/scan-community-package.mjs', '--shipped', dir], PKG_DIR);

/** Findings of the scanner's stylish report for one line of the node bundle. */
function findingsAt(output: string, line: number): string[] {
  return output.split('\n').filter((text) => new RegExp(`^\\s+${line}:\\d+\\s+error\\s`).test(text));
}

let work: string;
let shipped: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'n8n-scanner-spec-'));
  const source = join(work, 'source');
  mkdirSync(source);
  await ok(process.execPath, ['scripts/build.mjs', '--outdir', join(source, 'dist')], PKG_DIR);
  copyFileSync(join(PKG_DIR, 'package.json'), join(source, 'package.json'));
  await ok('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work, source], work);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack left no tarball');
  shipped = join(work, 'shipped');
  mkdirSync(shipped);
  await ok('tar', ['-xzf', join(work, tarball), '-C', shipped, '--strip-components=1'], work);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

it('passes the shipped bundle and fails it, naming the rule, once a banned global is added', async () => {
  const tampered = join(work, 'tampered');
  cpSync(shipped, tampered, { recursive: true });
  const bundle = join(tampered, NODE_JS);
  const bannedLine = readFileSync(bundle, 'utf8').split('\n').length + 1;
  appendFileSync(bundle, '\nglobalThis.koreTrainScannerProbe = 1;\n');

  const [clean, dirty] = await Promise.all([scanShipped(shipped), scanShipped(tampered)]);

  // The bundle as built passes; the appended line alone makes it fail.
  expect(clean.code).toBe(0);
  expect(clean.output).toContain('shipped leg');
  expect(dirty.code).not.toBe(0);
  expect(dirty.output).toContain('shipped leg');
  expect(dirty.output).toContain('FAILED');
  const added = findingsAt(dirty.output, bannedLine);
  expect(added).toHaveLength(1);
  expect(added[0]).toContain("restricted global 'globalThis'");
  expect(added[0]).toContain('@n8n/community-nodes/no-restricted-globals');
  expect(findingsAt(clean.output, bannedLine)).toEqual([]);
}, 300_000);
