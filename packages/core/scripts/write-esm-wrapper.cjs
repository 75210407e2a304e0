// ESM entry as a thin wrapper over the CommonJS build (Node's own advice against the dual-package
// hazard): one copy of the code, so `instanceof KoreError` holds whichever way it was loaded.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const names = Object.keys(require(path.join(dist, 'cjs', 'index.js'))).filter((n) => n !== '__esModule' && n !== 'default');
fs.mkdirSync(path.join(dist, 'esm'), { recursive: true });
fs.writeFileSync(
  path.join(dist, 'esm', 'index.mjs'),
  `import core from '../cjs/index.js';\n\nexport const {\n${names.map((n) => `  ${n},`).join('\n')}\n} = core;\n`,
);
fs.writeFileSync(path.join(dist, 'esm', 'index.d.mts'), `export * from '../cjs/index.js';\n`);
