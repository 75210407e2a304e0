import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` (as latin1 text, so binary files are searchable too), skipping `skip`. */
export function filesUnder(dir: string, skip: (path: string) => boolean): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...filesUnder(path, skip));
    else if (stat.isFile()) out.push({ path, text: readFileSync(path).toString('latin1') });
  }
  return out;
}
