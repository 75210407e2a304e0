// The hostile-server suite of issue 9: every probe against every surface, each run held to its
// deadline, a memory bound, exactly one typed outcome and no leak. The table prints at the end.
import { PROBES } from '../src/hostile/probes.js';
import { modesFor, runHostileProbe, type ReportRow } from '../src/hostile/runner.js';
import { summaryTable } from '../src/hostile/summary.js';
import type { HostileSurface } from '../src/hostile/surface.js';
import { cliSurface } from '../src/hostile/surfaces/cli.js';
import { coreSurface } from '../src/hostile/surfaces/core.js';
import { n8nSurface } from '../src/hostile/surfaces/n8n.js';
import { nodeRedSurface } from '../src/hostile/surfaces/node-red.js';
import { SAFETY_NET_MS, WAIT_TIMEOUT_MS } from '../src/hostile/timing.js';

const SURFACES: HostileSurface[] = [coreSurface, cliSurface, nodeRedSurface, n8nSurface];
const rows: ReportRow[] = [];

afterAll(() => {
  process.stdout.write(`\n${summaryTable(rows)}\n\n`);
});

describe.each(SURFACES)('hostile servers against $name', (surface) => {
  beforeAll(() => surface.setup?.());
  afterAll(() => surface.teardown?.());

  for (const probe of PROBES) {
    for (const mode of modesFor(surface, probe)) {
      const expected = probe.expected[mode];
      it(`${probe.name} (${mode}): ${expected} by the deadline, bounded memory, nothing leaked`, async () => {
        const row = await runHostileProbe(surface, probe, mode);
        rows.push(row);
        expect(row.failures).toEqual([]);
      }, WAIT_TIMEOUT_MS + SAFETY_NET_MS + 10_000);
    }
  }
});
