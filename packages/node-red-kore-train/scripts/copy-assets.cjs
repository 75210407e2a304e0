// Copies the editor files beside the compiled runtime, where Node-RED looks for them:
// <type>.html next to <type>.js, locales/<lang>/<type>.json and icons/ in the same folder.
// Also drops a compiled module whose source was deleted: tsc never removes outputs, and the package
// would ship it.
const { cpSync, existsSync, mkdirSync, readdirSync, rmSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const root = join(__dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(html|json|svg|png)$/.test(entry.name)) continue;
  const from = join(entry.parentPath ?? entry.path, entry.name);
  const to = join(dist, relative(src, from));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
  copied++;
}
const pruned = [];
for (const entry of readdirSync(dist, { withFileTypes: true })) {
  if (entry.isFile() && entry.name.endsWith('.js') && !existsSync(join(src, entry.name.replace(/\.js$/, '.ts')))) {
    rmSync(join(dist, entry.name));
    pruned.push(entry.name);
  }
}
console.log(`copy-assets: ${copied} editor files into dist/${pruned.length > 0 ? `; removed ${pruned.join(', ')} (no source)` : ''}`);
