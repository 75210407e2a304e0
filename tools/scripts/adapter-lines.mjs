#!/usr/bin/env node
// How much logic each adapter holds, in lines. Two figures per file:
// - code: lines that are not blank and not only a comment;
// - logic: code lines outside type-only declarations (interfaces, type aliases, `import type`), which compile to
//   nothing, and outside descriptions (below).
// Field descriptions are not counted (files named `*.description.ts`, `description.ts`, `versionDescription.ts`,
// n8n's declarative `*.credentials.ts`, Node-RED's `editor-settings.ts`, and the `description` object of an n8n
// node class, which n8n's lint wants in the class itself), nor editor HTML and locales.
// Usage: node tools/scripts/adapter-lines.mjs [--max N] [--only NAME]   (exits 1 when an adapter's logic is over N lines)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = new URL('../..', import.meta.url).pathname;
const ADAPTERS = {
  'n8n-nodes-kore-train': ['packages/n8n-nodes-kore-train/nodes', 'packages/n8n-nodes-kore-train/credentials'],
  'node-red-kore-train': ['packages/node-red-kore-train/src'],
};
const DESCRIPTION = /(^|\/)(description|versionDescription|editor-settings)\.ts$|\.description\.ts$|\.credentials\.ts$/;

function files(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Line numbers (0-based) that hold code: not blank, not only a comment. */
function codeLineNumbers(text) {
  const lines = new Set();
  let inBlock = false;
  text.split('\n').forEach((raw, index) => {
    let line = raw.trim();
    if (inBlock) {
      const end = line.indexOf('*/');
      if (end < 0) return;
      line = line.slice(end + 2).trim();
      inBlock = false;
    }
    if (line.startsWith('/*')) {
      const end = line.indexOf('*/', 2);
      if (end < 0) return void (inBlock = true);
      line = line.slice(end + 2).trim();
    }
    if (line !== '' && !line.startsWith('//')) lines.add(index);
  });
  return lines;
}

/** Line numbers covered by type-only declarations, and by an n8n node class's `description` object. */
function notLogicLineNumbers(path, text) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lines = new Set();
  const isTypeOnly = (node) => ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)
    || (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly === true)
    || (ts.isExportDeclaration(node) && node.isTypeOnly)
    || (path.endsWith('.node.ts') && ts.isPropertyDeclaration(node) && node.name.getText(source) === 'description');
  const visit = (node) => {
    if (isTypeOnly(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      for (let line = first; line <= last; line++) lines.add(line);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

const arg = (flag) => {
  const at = process.argv.indexOf(flag);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const max = arg('--max') === undefined ? undefined : Number(arg('--max'));
const only = arg('--only');
let over = false;
for (const [name, dirs] of Object.entries(ADAPTERS)) {
  if (only !== undefined && name !== only) continue;
  const all = dirs.flatMap(files).sort();
  const counted = all.filter((f) => !DESCRIPTION.test(f));
  let code = 0;
  let logic = 0;
  const rows = counted.map((path) => {
    const text = readFileSync(join(root, path), 'utf8');
    const codeLines = codeLineNumbers(text);
    const typeLines = notLogicLineNumbers(path, text);
    const logicLines = [...codeLines].filter((line) => !typeLines.has(line)).length;
    code += codeLines.size;
    logic += logicLines;
    return `  ${String(logicLines).padStart(4)} ${String(codeLines.size).padStart(4)}  ${path}`;
  });
  console.log(`${name}: ${logic} lines of logic (${code} code lines with type declarations and node descriptions) in ${counted.length} files; ${all.length - counted.length} description files not counted`);
  console.log('  logic code  file');
  for (const row of rows) console.log(row);
  if (max !== undefined && logic > max) {
    over = true;
    console.log(`  over the budget of ${max} lines of logic`);
  }
}
process.exit(over ? 1 : 0);
