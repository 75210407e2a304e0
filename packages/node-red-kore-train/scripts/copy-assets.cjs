// Copies the editor files beside the compiled runtime, where Node-RED looks for them:
// <type>.html next to <type>.js, locales/<lang>/<type>.json and icons/ in the same folder.
const { cpSync, mkdirSync, readdirSync } = require('node:fs');
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
console.log(`copy-assets: ${copied} editor files into dist/`);
