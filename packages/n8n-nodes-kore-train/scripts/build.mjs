// Builds dist/ for n8n: each credential and node file bundled with @kore-train/core (and jose's signer) into
// one CommonJS file, so the published package has no runtime dependencies; n8n-workflow stays
// external (n8n provides it). Icons and the codex file are copied beside the node.
// Usage: build.mjs [--outdir <dir>]   (default: dist/; tests build elsewhere so they never race a build)
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { outdir: { type: 'string' } } });
const dist = args.outdir ? resolve(args.outdir) : join(root, 'dist');
// One entry per file that package.json's "n8n" section names: `dist/<x>.js` is built from `<x>.ts`,
// so adding a node or credential there is all a new one needs.
const { n8n } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entries = Object.fromEntries(
  [...n8n.credentials, ...n8n.nodes].map((file) => {
    const name = file.replace(/^dist\//, '').replace(/\.js$/, '');
    return [name, `${name}.ts`];
  }),
);

// The node is built on `@kore-train/core/engine` (core without axios, node:http(s) or timers; the
// node brings n8n's HTTP helpers and sleep). Both core entries resolve to core's sources, as
// '@kore-train/core' does through tsconfig paths, so the bundle holds one copy of core (one KoreError).
const coreSources = join(root, '../core/src');
const coreEngineFromSource = {
  name: 'core-engine-from-source',
  setup(b) {
    b.onResolve({ filter: /^@kore-train\/core\/engine$/ }, () => ({ path: join(coreSources, 'engine-entry.ts') }));
  },
};

rmSync(dist, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: dist,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.json'),
  external: ['n8n-workflow'],
  plugins: [coreEngineFromSource],
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

// Guard: what n8n forbids in a node must not be bundled, even as dead code (n8n's scanner reads it all).
const forbidden = [/node_modules\/axios\//, /core\/src\/(transport|timer-sleep)\.ts$/, /node_modules\/jose\/dist\/webapi\/(jwe|jwks|lib\/deflate)/];
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  // Inputs that tree shaking removed are listed too, with no bytes in the output.
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput > 0 && forbidden.some((pattern) => pattern.test(input))) {
      console.error(`build: ${file} bundles ${input}; n8n allows no HTTP client, timers or unused jose modules in a node`);
      process.exit(1);
    }
  }
}

// Guard: the bundles may require nothing but n8n-workflow and Node's own modules.
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  for (const imported of output.imports) {
    if (imported.external && imported.path !== 'n8n-workflow' && !builtins.has(imported.path)) {
      console.error(`build: ${file} requires "${imported.path}" at run time; bundle it or make it a peer`);
      process.exit(1);
    }
  }
}

// Icons and codex files sit beside each node (and credential) and ship beside its bundle.
for (const folder of new Set(Object.keys(entries).map(dirname))) {
  mkdirSync(join(dist, folder), { recursive: true });
  for (const name of readdirSync(join(root, folder))) {
    if (/\.(svg|png|json)$/.test(name)) copyFileSync(join(root, folder, name), join(dist, folder, name));
  }
}

const list = (dir) => readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f))).filter((f) => statSync(f).isFile());
for (const file of list(dist)) console.log(`  ${relative(args.outdir ? dist : root, file).padEnd(60)} ${(statSync(file).size / 1024).toFixed(1)} KiB`);
