// n8n's verification scanner (@n8n/scan-community-package), run offline on both legs it checks:
//   - source:  this package's nodes/, credentials/ and package.json (the scanner's SOURCE_FILE_PATTERNS);
//   - shipped: the `npm pack` tarball of the built package, unpacked: dist JavaScript and package.json.
// The scanner's CLI downloads the published package and its provenance, which cannot work before a
// release (or offline), so its exported `analyzePackage(dir, patterns)` is called directly with the
// patterns its CLI uses. Exit code 1 on any finding.
//
// Usage: scan-community-package.mjs                       both legs on this package (dist/ must be built)
//        scan-community-package.mjs --shipped <dir>       only the shipped leg, on an unpacked package
//        scan-community-package.mjs --source <dir>        only the source leg, on a package folder
// The scanner comes from $KORE_N8N_SCANNER_DIR when set, else from tools/n8n-e2e/install-n8n-scanner.sh.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(packageDir, '../..');
/** What the scanner's CLI passes for the tarball leg (scanner.mjs, analyzePackageByName). */
const SHIPPED_FILE_PATTERNS = ['**/*.js', 'package.json'];
/** Shared with tools/n8n-e2e/src/harness.ts: a build empties dist/ first, so never pack during one. */
const BUILD_LOCK = join(tmpdir(), 'kore-train-n8n-nodes-build.lock');

function scannerDir() {
  const given = process.env.KORE_N8N_SCANNER_DIR;
  if (given && existsSync(join(given, '.complete'))) return given;
  const out = execFileSync('bash', [join(repo, 'tools/n8n-e2e/install-n8n-scanner.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop();
}

/** npm's own variables of an enclosing `npm run` would make `npm pack` act on the workspace root. */
function npmEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || /^npm_config_(registry|cache|userconfig)$/i.test(key)));
}

/** Packs the built package as npm would publish it and unpacks it into a new temp folder. */
function packAndUnpack(work) {
  if (!existsSync(join(packageDir, 'dist'))) throw new Error(`${packageDir}/dist is missing: build the package first`);
  const packDir = join(work, 'pack');
  const unpacked = join(work, 'package');
  execFileSync('mkdir', ['-p', packDir, unpacked]);
  execFileSync('flock', [BUILD_LOCK, 'npm', 'pack', '--silent', '--ignore-scripts', '--pack-destination', packDir], {
    cwd: packageDir,
    env: npmEnv(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(packDir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack left no tarball in ${packDir}`);
  execFileSync('tar', ['-xzf', join(packDir, tarball), '-C', unpacked, '--strip-components=1']);
  return unpacked;
}

async function runLeg(analyzePackage, name, dir, patterns) {
  const result = await analyzePackage(dir, patterns);
  const verdict = result.passed ? 'passed' : `FAILED: ${result.message}`;
  console.log(`[n8n scanner] ${name} leg (${dir}; ${patterns.join(', ')}): ${verdict}`);
  if (result.details) console.log(result.details.trimEnd());
  return result.passed;
}

async function main() {
  const { values } = parseArgs({ options: { shipped: { type: 'string' }, source: { type: 'string' } } });
  const scanner = scannerDir();
  const module = join(scanner, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs');
  const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(module).href);

  const legs = [];
  if (values.source || !values.shipped) legs.push(['source', resolve(values.source ?? packageDir), SOURCE_FILE_PATTERNS]);
  let work;
  if (values.shipped) legs.push(['shipped', resolve(values.shipped), SHIPPED_FILE_PATTERNS]);
  else if (!values.source) {
    work = mkdtempSync(join(tmpdir(), 'n8n-scan-'));
    legs.push(['shipped', packAndUnpack(work), SHIPPED_FILE_PATTERNS]);
  }
  try {
    let passed = true;
    for (const [name, dir, patterns] of legs) passed = (await runLeg(analyzePackage, name, dir, patterns)) && passed;
    return passed;
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error) => {
    console.error(`[n8n scanner] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
