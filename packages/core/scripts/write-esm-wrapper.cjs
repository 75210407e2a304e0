// ESM entries as thin wrappers over the CommonJS build (Node's own advice against the dual-package
// hazard): one copy of the code, so `instanceof KoreError` holds whichever way it was loaded.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
fs.mkdirSync(path.join(dist, 'esm'), { recursive: true });
for (const [esm, cjs] of [['index', 'index'], ['engine', 'engine-entry']]) {
  const names = Object.keys(require(path.join(dist, 'cjs', `${cjs}.js`))).filter((n) => n !== '__esModule' && n !== 'default');
  fs.writeFileSync(
    path.join(dist, 'esm', `${esm}.mjs`),
    `import core from '../cjs/${cjs}.js';\n\nexport const {\n${names.map((n) => `  ${n},`).join('\n')}\n} = core;\n`,
  );
  fs.writeFileSync(path.join(dist, 'esm', `${esm}.d.mts`), `export * from '../cjs/${cjs}.js';\n`);
}
