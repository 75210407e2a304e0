/**
 * `kore-train`: checks, waits for, or starts and waits for a Kore.ai bot's ML training.
 *
 * All Kore.ai logic (JWT, requests, the shared poll loop, the stale `Finished` after a train request,
 * resume tokens) is in `@kore-train/core`; each mode is one function in `modes.ts`. This file maps
 * Node-RED messages, outputs, status and lifecycle onto them. Outputs: 1 Finished, 2 Failed, 3 progress
 * (wait modes, when enabled) or "not done yet" (status mode). Errors go to `done(err)` with the
 * original message, so a Catch node gets `msg.error.code`. Pending waits outlive a redeploy or restart
 * (`pending-waits.ts`) unless the node's "resume" setting is off.
 */
import { randomUUID } from 'node:crypto';
import type { Node, NodeAPI, NodeMessage, NodeMessageInFlow } from 'node-red';
import { isKoreError, KoreError, trainingPhase, type ProgressEvent, type TrainingStatus } from '@kore-train/core';
import { TRAIN_EDITOR_SETTINGS } from './editor-settings.js';
import { readTarget } from './inputs.js';
import { MODES, resumeWait, type ModeInput, type Outcome, type Port } from './modes.js';
import { asSettingError, parseNodeOptions, resumeEnabled, type NodeOptions } from './node-options.js';
import { PendingWaits, type ContextLike, type ResumableWait } from './pending-waits.js';
import { StatusDisplay, type JobEnd, type JobPhase } from './status-display.js';
import type { KoreAiAppNode, KoreTrainDef } from './types.js';

type Send = (msg: NodeMessage | Array<NodeMessage | null>) => void;
type KoreMsg = NodeMessageInFlow & { kore?: Record<string, unknown> };

/** One message's work, from input (or resumption) to its single end. */
interface Job {
  id: string;
  msg: KoreMsg;
  /** `msg.kore` fields known so far: mode, then the bot target. */
  info: Record<string, unknown>;
  controller: AbortController;
  send: Send;
  /** Ends the message: Node-RED's `done`, or for a resumed message an error to Catch nodes. */
  complete(err?: Error): void;
  lastStatus?: TrainingStatus;
  settled: boolean;
}

interface Ready {
  options: NodeOptions;
  app: KoreAiAppNode;
}

type Work = (input: Omit<ModeInput, 'target' | 'options'>, ready: Ready) => Promise<Outcome>;

const PHASES: Record<string, JobPhase> = { status: 'checking', wait: 'waiting', train: 'starting' };

export = function (RED: NodeAPI): void {
  const t = (key: string, vars?: Record<string, string | number>): string => RED._(key, vars);

  /** The node's settings and app, or the error naming the first bad one. */
  function setUp(def: KoreTrainDef): Ready | KoreError {
    let options: NodeOptions;
    try {
      options = parseNodeOptions(def);
    } catch (error) {
      return error as KoreError;
    }
    const app = def.app ? (RED.nodes.getNode(def.app) as KoreAiAppNode | null) : null;
    if (!app || typeof app.getClient !== 'function') {
      return new KoreError('INVALID_INPUT', 'app must be a Kore.ai app configuration node (none is selected)', { field: 'app' });
    }
    return { options, app };
  }

  function KoreTrain(this: Node, def: KoreTrainDef): void {
    RED.nodes.createNode(this, def);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- Node-RED's idiom: the handlers below use the node
    const node = this;
    const display = new StatusDisplay((status) => node.status(status), t);
    const setup = setUp(def);
    const mode = setup instanceof KoreError ? String(def.mode) : setup.options.mode;
    const resumeOn = resumeEnabled(def);
    const pending = new PendingWaits(node.id, node.context() as unknown as ContextLike, (error) => node.warn(`pending waits could not be stored: ${error.message}`));
    const jobs = new Set<Job>();
    const running = new Set<Promise<void>>();
    let closed = false;
    let removedOnClose = false;
    if (setup instanceof KoreError) display.setIdle({ fill: 'red', shape: 'ring', text: t('kore-train.status.config-error', { field: setup.field ?? '?' }) });

    function start(job: Job, phase: JobPhase, resumed: boolean, work: Work): void {
      jobs.add(job);
      display.begin(job, phase, resumed);
      const run = (async () => {
        try {
          if (setup instanceof KoreError) throw setup;
          const { options, app } = setup;
          const outcome = await work({
            client: app.getClient(),
            signal: job.controller.signal,
            onProgress: (event) => progress(job, event, options),
            onCheckpoint: (token) => {
              if (!job.settled) pending.checkpoint(job.id, token, job.msg, job.info);
            },
          }, setup);
          deliver(job, outcome, options);
        } catch (thrown) {
          const error = asSettingError(thrown);
          fail(job, error instanceof Error ? error : new Error(String(error)));
        }
      })();
      running.add(run);
      void run.finally(() => running.delete(run));
    }

    /** Ends the job exactly once; later calls (after close, or a second outcome) do nothing. */
    function settle(job: Job, end: JobEnd, err?: Error): void {
      if (job.settled) return;
      job.settled = true;
      jobs.delete(job);
      pending.remove(job.id);
      display.end(job, end);
      job.complete(err);
    }

    function deliver(job: Job, outcome: Outcome, options: NodeOptions): void {
      if (job.settled) return;
      job.msg.payload = outcome.payload;
      job.msg.kore = { ...job.info, ...outcome.kore };
      job.send(route(outcome.port, job.msg, options.outputs));
      settle(job, outcome.end);
    }

    function progress(job: Job, event: ProgressEvent, options: NodeOptions): void {
      if (job.settled) return;
      job.lastStatus = event.status;
      display.progress(job, trainingPhase(event.status) === 'inprogress');
      if (!options.progress) return;
      const msg = RED.util.cloneMessage(job.msg) as KoreMsg;
      msg.payload = event.status;
      msg.kore = {
        ...job.info, event: 'progress', trainingStatus: event.status.trainingStatus, elapsedMs: event.elapsedMs, requests: event.requests,
        ...(event.previous !== undefined ? { previous: event.previous } : {}),
      };
      job.send(route(2, msg, options.outputs));
    }

    function fail(job: Job, err: Error): void {
      if (job.settled) return;
      const seen = isKoreError(err) ? (err.lastStatus ?? job.lastStatus) : job.lastStatus;
      // `hint` is a getter, which neither toJSON nor Node-RED's msg.error carries: the user reads it here.
      const error = isKoreError(err) ? { error: { ...err.toJSON(), ...(err.hint === undefined ? {} : { hint: err.hint }) } } : {};
      job.msg.kore = { ...job.info, ...error, ...(seen ? { lastStatus: seen } : {}) };
      // A bad node setting keeps its deploy-time badge; any other error shows its code.
      settle(job, err === setup ? { kind: 'unchanged' } : { kind: 'error', code: isKoreError(err) ? err.code : err.name }, err);
    }

    function newJob(msg: KoreMsg, send: Send, complete: (err?: Error) => void, info: Record<string, unknown>, id: string = randomUUID()): Job {
      return { id, msg, info, controller: new AbortController(), send, complete, settled: false };
    }

    /** A wait the previous instance of this node left: its message leaves on an output as usual. */
    function resume(wait: ResumableWait): void {
      const msg = wait.msg as KoreMsg;
      if (wait.dropped.length > 0) node.warn(`resumed a wait whose message lost msg.${wait.dropped.join(', msg.')}: not storable across a restart`);
      const job = newJob(msg, (out) => node.send(out), (err) => err && node.error(err, msg), { ...wait.kore }, wait.id);
      start(job, 'waiting', true, (input) => resumeWait(input, wait.token));
    }

    node.on('input', (msg: NodeMessageInFlow, send: Send, done: (err?: Error) => void) => {
      if (closed) {
        done();
        return;
      }
      const job = newJob(msg, send, (err) => (err ? done(err) : done()), { mode });
      start(job, PHASES[mode] ?? 'checking', false, async (input, { options }) => {
        const target = await readTarget(RED, node, def, msg);
        Object.assign(job.info, target);
        return MODES[options.mode]({ ...input, target, options });
      });
    });

    if (resumeOn) {
      void pending.takeOver().then((waits) => {
        if (closed) return void (removedOnClose ? pending.forget() : pending.handOver());
        for (const wait of waits) resume(wait);
        if (waits.length > 0) node.log(`resumed ${waits.length} pending wait(s)`);
      });
    } else {
      pending.forget(); // what an earlier instance stored is not resumed: do not keep it
    }

    // Redeploy or shutdown: hand pending waits to the next instance; removal: end them. Either way
    // abort every request at once (the core sends nothing after an abort) and complete each message
    // quietly, so close is done long before Node-RED's 15 s close timeout.
    node.on('close', (removed: boolean, done: () => void) => {
      closed = true;
      removedOnClose = removed;
      const handedOver = removed || !resumeOn ? (pending.forget(), 0) : pending.handOver();
      const open = [...jobs];
      for (const job of open) {
        job.settled = true;
        job.controller.abort(new Error('the node was stopped (redeploy or shutdown)'));
        job.complete();
      }
      jobs.clear();
      display.close();
      if (open.length > 0) node.debug(`stopped ${open.length} pending wait(s) on close; ${handedOver} handed over to resume`);
      void Promise.allSettled([...running]).then(() => done());
    });
  }

  /** The `send` array: the message on one output, nothing on the others. */
  function route(port: Port, msg: NodeMessage, outputs: number): Array<NodeMessage | null> {
    const ports: Array<NodeMessage | null> = new Array<NodeMessage | null>(outputs).fill(null);
    ports[port] = msg; // port < outputs: the third output exists whenever something is sent to it
    return ports;
  }

  RED.nodes.registerType('kore-train', KoreTrain, { settings: TRAIN_EDITOR_SETTINGS });
};
