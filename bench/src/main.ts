/**
 * `npm run bench`: four measurements of kore-train, each against a baseline in the same run, printed
 * as one table and written to bench/results/latest.md (+ latest.json and the polling-policy chart).
 * Missed targets are printed as MISSED, never hidden; the exit code is 0 unless something broke.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { runLoadBench, type LoadResult } from './load-time.js';
import { runOverheadBench, type OverheadReport } from './overhead.js';
import { FIXED_INTERVAL_MS, runPolicyBench, type PolicyReport } from './policy.js';
import { fmt, markdownTable, policyChart, seconds, textTable, verdict, type Row } from './report.js';
import type { ScaleReport } from './scale.js';

const RESULTS = join(__dirname, '..', 'results');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

function runScaleChild(): Promise<ScaleReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', join(__dirname, 'scale.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`scale bench exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ScaleReport);
    });
  });
}

/** Linux PSI: the share of the last minute some task waited for a CPU. */
function cpuPressure(): string {
  try {
    const some = /some avg10=([\d.]+) avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return some ? `${some[2]}% (avg60)` : '';
  } catch {
    return '';
  }
}

const ratio = (a: number, b: number, digits = 3): string => (b > 0 ? (a / b).toFixed(digits) : 'n/a');

function policyRows(p: PolicyReport): Row[] {
  const [core, fixed, aws] = p.results as [PolicyReport['results'][number], PolicyReport['results'][number], PolicyReport['results'][number]];
  return [
    {
      metric: `1. policy: status requests, ${p.trainings} trainings`, value: fmt(core.requests), baseline: `${fmt(fixed.requests)} (fixed 5 s)`,
      ratio: ratio(core.requests, fixed.requests), target: '<= 0.333', met: core.requests / fixed.requests <= 1 / 3,
    },
    {
      metric: '1. policy: mean detection lag', value: seconds(core.meanLagMs), baseline: `${seconds(aws.meanLagMs)} (AWS waiter)`,
      ratio: ratio(core.meanLagMs, aws.meanLagMs), target: '<= 0.333', met: core.meanLagMs / aws.meanLagMs <= 1 / 3,
    },
    {
      metric: '1. policy: p95 detection lag', value: seconds(core.p95LagMs), baseline: `${seconds(aws.p95LagMs)} (AWS waiter)`,
      ratio: ratio(core.p95LagMs, aws.p95LagMs), target: '-', met: null,
    },
    {
      metric: '1. policy: same numbers on a second run', value: p.deterministic ? 'yes' : 'no', baseline: '-', ratio: '-',
      target: 'deterministic', met: p.deterministic,
    },
  ];
}

function overheadRows(o: OverheadReport): Row[] {
  const rows: Row[] = o.rows.flatMap((r) => [
    {
      metric: `2. status polls/s, ${r.concurrency} in flight`, value: fmt(r.coreRate), baseline: `${fmt(r.fetchRate)} (fetch + deadline)`,
      ratio: r.ratio.toFixed(3), target: '>= 0.8', met: r.ratio >= 0.8,
    },
    {
      metric: `2. status polls/s, ${r.concurrency} in flight, vs bare fetch`, value: fmt(r.coreRate), baseline: `${fmt(r.bareFetchRate)} (bare fetch)`,
      ratio: r.bareRatio.toFixed(3), target: '-', met: null,
    },
  ]);
  const lifetime = o.tokenTtlSeconds - Math.min(30, Math.floor(o.tokenTtlSeconds / 2));
  const allowed = Math.max(1, Math.ceil(o.coreSeconds / lifetime));
  rows.push({
    metric: `2. JWT signings, ${fmt(o.corePolls)} polls in ${fmt(o.coreSeconds)} s`, value: String(o.tokensSigned),
    baseline: `${allowed} (1 per ${o.tokenTtlSeconds} s token)`, ratio: '-', target: '1 per token lifetime', met: o.tokensSigned <= allowed,
  });
  rows.push({
    metric: `2. JWT signings, uniqueJti, ${o.uniqueJti.polls} polls`, value: String(o.uniqueJti.tokensSigned),
    baseline: `${o.uniqueJti.polls} (1 per request)`, ratio: '-', target: '1 per request', met: o.uniqueJti.tokensSigned === o.uniqueJti.polls,
  });
  return rows;
}

function scaleRows(s: ScaleReport): Row[] {
  return [
    {
      metric: `3. heap per active wait, ${fmt(s.waits)} waits`, value: `${fmt(s.heapPerWaitBytes)} B`, baseline: '-', ratio: '-',
      target: '<= 2,048 B', met: s.heapPerWaitBytes <= 2048,
    },
    {
      metric: `3. event-loop delay p99, ${fmt(s.waits)} waits`, value: `${fmt(s.eventLoopDelayMs.p99, 1)} ms`,
      baseline: `${fmt(s.idleDelayMs.p99, 1)} ms (idle)`, ratio: '-', target: '<= 20 ms', met: s.eventLoopDelayMs.p99 <= 20,
    },
    {
      metric: `3. requests for ${fmt(s.hotBotWaits)} waits on one bot`, value: fmt(s.hotBotRequests),
      baseline: `${fmt(s.singleWaitBotRequests)} (1 wait)`, ratio: ratio(s.hotBotRequests, s.singleWaitBotRequests, 2),
      // The same training on both bots; the jittered schedule may add or save a poll or two.
      target: 'one poll stream', met: s.hotBotRequests <= s.singleWaitBotRequests + 3 && s.maxPollLoops <= s.bots,
    },
    {
      metric: `3. poll streams for ${fmt(s.activeWaitsAtHeap)} active waits`, value: fmt(s.activePollLoopsAtHeap),
      baseline: `${fmt(s.bots)} (bots)`, ratio: ratio(s.activePollLoopsAtHeap, s.bots, 2), target: 'one per bot', met: s.activePollLoopsAtHeap === s.bots,
    },
  ];
}

function loadRows(results: LoadResult[]): Row[] {
  return results.flatMap((r): Row[] => {
    if (!r.built) {
      const why = r.entries.length === 0 ? 'no entries' : 'not built';
      return [
        { metric: `4. ${r.name}: require() of its entries`, value: why, baseline: '-', ratio: '-', target: '<= 60 ms', met: null },
        { metric: `4. ${r.name}: fresh process to loaded`, value: why, baseline: '-', ratio: '-', target: '<= 2x stub', met: null },
      ];
    }
    return [
      {
        metric: `4. ${r.name}: require() of its entries`, value: `${fmt(r.requireMs, 1)} ms`, baseline: `${fmt(r.stubRequireMs, 2)} ms (stub)`,
        ratio: ratio(r.requireMs, r.stubRequireMs, 0), target: '<= 60 ms', met: r.requireMs <= 60,
      },
      {
        metric: `4. ${r.name}: fresh process to loaded`, value: `${fmt(r.processMs)} ms`, baseline: `${fmt(r.stubProcessMs)} ms (stub)`,
        ratio: ratio(r.processMs, r.stubProcessMs, 2), target: '<= 2x stub', met: r.processMs / r.stubProcessMs <= 2,
      },
    ];
  });
}

function markdown(rows: Row[], p: PolicyReport, o: OverheadReport, s: ScaleReport, load: LoadResult[], meta: Record<string, string>): string {
  const missed = rows.filter((r) => r.met === false).length;
  const withTarget = rows.filter((r) => r.met !== null).length;
  const lines = [
    '# kore-train benchmark: latest results',
    '',
    `Written by \`npm run bench\` (bench/src/main.ts) on ${meta.date}. ${withTarget - missed} of ${withTarget} targets met; missed ones are marked **MISSED** and left as measured.`,
    '',
    `Machine: ${meta.cpu}, ${meta.cores} cores, ${meta.memory}; Node ${process.versions.node}; at start load average ${meta.load}${meta.pressure ? `, CPU pressure ${meta.pressure}` : ''} (other work on the machine shows most in the event-loop delay and the per-poll rounds). Bench time ${meta.wall} (builds not included).`,
    '',
    markdownTable(rows),
    '',
    '## 1. Polling policy',
    '',
    `${p.trainings} trainings, durations log-uniform from 5 s to 2 h (seeded; min ${seconds(p.durations.minMs)}, median ${seconds(p.durations.medianMs, 0)}, max ${seconds(p.durations.maxMs, 0)}), all waited for at once on`,
    'virtual time: an injected clock and `sleep`, an in-memory transport answering `Inprogress` until each training\'s end and',
    '`Finished` after, seeded `random`. The core is the real `createKoreClient().waitForTraining()` with its default schedule;',
    `the baselines are hand-written loops over the same client's \`getTrainingStatus()\`: a fixed ${FIXED_INTERVAL_MS / 1000} s poll, and the AWS SDK waiter`,
    'schedule (first poll at once, then a random delay in [2 s, 2 s·2^(n-1)], 120 s flat once that passes 120 s). Lag = detection',
    `minus finish. The core run is repeated and compared: ${p.deterministic ? 'identical' : 'NOT identical'}.`,
    '',
    '| policy | requests | mean lag | p95 lag | max lag |',
    '|---|---:|---:|---:|---:|',
    ...p.results.map((r) => `| ${r.policy} | ${fmt(r.requests)} | ${seconds(r.meanLagMs)} | ${seconds(r.p95LagMs)} | ${seconds(r.maxLagMs)} |`),
    '',
    '![Detection lag against requests, one point per policy](polling-policy.svg)',
    '',
    'Schedule values that would meet both targets: [schedule-candidates.md](schedule-candidates.md) (`npm run tune -w bench`).',
    '',
    '## 2. Per-poll overhead',
    '',
    'One `getTrainingStatus()` through the core (JWT reuse, axios over a keep-alive agent, a deadline over the whole request, the',
    'size cap, JSON parsing, validation, escaping) against `fetch()` (undici, keep-alive) with a token signed beforehand, parsing the',
    'JSON body: with the same guarantee (`AbortSignal.timeout(30 s)`, which covers the body too; the target applies to this one) and',
    'bare, for reference. Since issue 9 every core request is abortable and bounded as a whole, which costs it against bare fetch.',
    `Same simulator (on a worker thread), same bot, same process; ${o.rows[0]?.rounds ?? 0} rounds of ${fmt(o.rows[0]?.pollsPerRound ?? 0)} polls per side, each side going first in turn, the median of the per-round ratios.`,
    '',
    '| in flight | core polls/s | fetch + deadline polls/s | ratio (median) | per-round ratios | bare fetch polls/s | ratio to bare fetch |',
    '|---:|---:|---:|---:|---|',
    ...o.rows.map((r) => `| ${r.concurrency} | ${fmt(r.coreRate)} | ${fmt(r.fetchRate)} | ${r.ratio.toFixed(3)} | ${r.ratios.map((x) => x.toFixed(2)).join(' ')} | ${fmt(r.bareFetchRate)} | ${r.bareRatio.toFixed(3)} |`),
    '',
    `JWT signings: ${o.tokensSigned} for ${fmt(o.corePolls)} polls over ${fmt(o.coreSeconds, 1)} s (token lifetime ${o.tokenTtlSeconds} s); with \`uniqueJti\` (apps that enforce JTI) ${o.uniqueJti.tokensSigned} for ${o.uniqueJti.polls} polls.`,
    '',
    '## 3. Scale',
    '',
    `${fmt(s.waits)} concurrent \`waitForTraining()\` calls on one client, default schedule, against the simulator on a worker thread: ${fmt(s.hotBotWaits)} on one bot,`,
    `1 on a bot with the same training, the rest 10 per bot (${fmt(s.bots)} bots), trainings ending between 10 s and 40 s.`,
    `Heap: collected before the waits and once every poll stream had its first answer (all ${fmt(s.activeWaitsAtHeap)} waits active, ${fmt(s.activePollLoopsAtHeap)} poll streams):`,
    `${fmt(s.heapBeforeBytes / 1048576, 1)} MB -> ${fmt(s.heapActiveBytes / 1048576, 1)} MB (median of 3 readings 400 ms apart: ${s.heapPerWaitSamples.map((b) => fmt(b)).join(', ')} B per wait),`,
    `${fmt(s.heapPerWaitBytes)} B per wait, the poll streams' sockets and requests in flight included.`,
    `Event-loop delay (\`monitorEventLoopDelay\`, 10 ms sampling, the sampling interval subtracted) on a second pass, from the moment all waits exist until the last ends:`,
    `p50 ${fmt(s.eventLoopDelayMs.p50, 1)} ms, p99 ${fmt(s.eventLoopDelayMs.p99, 1)} ms, max ${fmt(s.eventLoopDelayMs.max, 1)} ms over ${fmt(s.eventLoopDelayMs.samples)} samples. While creating the waits (100 per turn, ${fmt(s.createMs)} ms):`,
    `p99 ${fmt(s.creationDelayMs.p99, 1)} ms. Idle, same process: p99 ${fmt(s.idleDelayMs.p99, 1)} ms.`,
    `Sharing: the bot with ${fmt(s.hotBotWaits)} waits got ${s.hotBotRequests} status requests, the bot with 1 wait ${s.singleWaitBotRequests}; at most ${fmt(s.maxPollLoops)} poll streams ran.`,
    `${fmt(s.totalStatusRequests)} status requests in all, ${s.tokensSigned} JWT signing, ${fmt(s.finished)} waits finished; ${fmt(s.runMs / 1000, 1)} s.`,
    '',
    '## 4. Load time',
    '',
    'Each adapter\'s entries as its host loads them (`node-red.nodes`, `n8n.credentials` + `n8n.nodes` in its package.json), required in a fresh',
    '`node` process; the baseline is a bare stub module (`module.exports = function (RED) {}`) loaded the same way. Peer dependencies the host has',
    'loaded already (n8n-workflow) are required before the timer, in the stub\'s process too. "require()" is timed inside the child;',
    `"fresh process" is spawn to exit as seen by the parent, node start-up included. Median of ${load[0]?.runs ?? 0} interleaved runs.`,
    '',
    '| adapter | entries | require() | stub require() | process | stub process |',
    '|---|---|---:|---:|---:|---:|',
    ...load.map((r) => r.built
      ? `| ${r.name} | ${r.entries.map((e) => `\`${e}\``).join('<br>')} | ${fmt(r.requireMs, 1)} ms | ${fmt(r.stubRequireMs, 2)} ms | ${fmt(r.processMs)} ms | ${fmt(r.stubProcessMs)} ms |`
      : `| ${r.name} | ${r.entries.length ? 'not built' : 'no entries'} | - | - | - | - |`),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const meta: Record<string, string> = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: String(cpus().length),
    memory: `${Math.round(totalmem() / 2 ** 30)} GB`,
    load: loadavg().map((l) => l.toFixed(2)).join(' '),
    pressure: cpuPressure(),
  };
  const step = (label: string): (() => void) => {
    const t = performance.now();
    log(`bench: ${label}…`);
    return () => log(`bench: ${label} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };

  let done = step('1/4 polling policy (virtual time)');
  const policy = await runPolicyBench();
  done();
  done = step('2/4 per-poll overhead (core vs bare fetch)');
  const overhead = await runOverheadBench();
  done();
  done = step('3/4 scale (10,000 waits)');
  const scale = await runScaleChild();
  done();
  done = step('4/4 load time (fresh processes)');
  const load = runLoadBench(5);
  done();

  const rows = [...policyRows(policy), ...overheadRows(overhead), ...scaleRows(scale), ...loadRows(load.results)];
  meta.wall = `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const table = textTable(rows);
  process.stdout.write(`\n${table}\n\n`);
  const missed = rows.filter((r) => r.met === false);
  process.stdout.write(missed.length ? `${missed.length} target(s) missed: ${missed.map((r) => r.metric).join('; ')}\n` : 'All targets met.\n');

  mkdirSync(RESULTS, { recursive: true });
  const [core, fixed, aws] = policy.results;
  if (core && fixed && aws) {
    const caption = `${policy.trainings} trainings, 5 s to 2 h`;
    writeFileSync(join(RESULTS, 'polling-policy.svg'), policyChart(policy.results, { maxRequests: fixed.requests / 3, maxMeanLagMs: aws.meanLagMs / 3 }, caption));
  }
  writeFileSync(join(RESULTS, 'latest.md'), markdown(rows, policy, overhead, scale, load.results, meta));
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify({ meta, rows: rows.map((r) => ({ ...r, verdict: verdict(r.met) })), policy, overhead, scale, load: load.results }, null, 2)}\n`);
  process.stdout.write(`Written: bench/results/latest.md, latest.json, polling-policy.svg (${meta.wall}).\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
