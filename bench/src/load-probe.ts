/**
 * Child process of the load-time bench: `node load-probe.js <json>` with { preload, entries }.
 * Requires `preload` (what the host has loaded already, e.g. n8n-workflow) untimed, then times
 * `require()` of every entry and prints { requireMs }.
 */
const spec = JSON.parse(process.argv[2] ?? '{}') as { preload?: string[]; entries?: string[] };
for (const id of spec.preload ?? []) require(id);
const started = process.hrtime.bigint();
for (const file of spec.entries ?? []) require(file);
const requireMs = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ requireMs }));
