// Builds dist/ for n8n: each credential and node file bundled with @kore-train/core (and jose) into
// one CommonJS file, so the published package has no runtime dependencies; n8n-workflow stays
// external (n8n provides it). Icons and the codex file are copied beside the node.
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const entries = {
  'credentials/KoreAiApi.credentials': 'credentials/KoreAiApi.credentials.ts',
  'nodes/KoreAiMlTraining/KoreAiMlTraining.node': 'nodes/KoreAiMlTraining/KoreAiMlTraining.node.ts',
};

// The node always hands the core a transport built on n8n's HTTP helpers, so the core's default
// axios transport is dead code here: replace axios by a stub instead of bundling an HTTP client.
const noAxios = {
  name: 'no-axios',
  setup(b) {
    b.onResolve({ filter: /^axios$/ }, () => ({ path: 'axios', namespace: 'no-axios' }));
    b.onLoad({ filter: /.*/, namespace: 'no-axios' }, () => ({
      contents:
        "export default { create() { throw new Error('n8n-nodes-kore-train sends every request through n8n; the axios transport is not bundled'); } };",
      loader: 'js',
    }));
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
  plugins: [noAxios],
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

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

const assets = 'nodes/KoreAiMlTraining';
mkdirSync(join(dist, assets), { recursive: true });
for (const name of readdirSync(join(root, assets))) {
  if (/\.(svg|png|json)$/.test(name)) copyFileSync(join(root, assets, name), join(dist, assets, name));
}

const list = (dir) => readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f))).filter((f) => statSync(f).isFile());
for (const file of list(dist)) console.log(`  ${relative(root, file).padEnd(60)} ${(statSync(file).size / 1024).toFixed(1)} KiB`);
