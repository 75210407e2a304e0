/**
 * `kore-train`: checks, waits for, or starts and waits for a Kore.ai bot's ML training.
 *
 * All Kore.ai logic is in `@kore-train/core`: the client (JWT, requests, the shared poll loop, the stale
 * `Finished` after a train request, resume tokens) and the kit this node runs its messages on (`WaitJobs`:
 * one ending per message; `WaitJournal`: pending waits outlive a redeploy or restart; `WaitActivity`: what the
 * status badge shows; `runOperation`: which output). Each mode is one function in `modes.ts`. This file maps Node-RED
 * messages, outputs, status and lifecycle onto them. Outputs: 1 Finished, 2 Failed, 3 progress (wait modes,
 * when enabled) or "not done yet" (status mode). Errors go to `done(err)` with the original message, so a
 * Catch node gets `msg.error.code`.
 */
import { randomUUID } from 'node:crypto';
import type { Node, NodeAPI, NodeMessage, NodeMessageInFlow, NodeStatus } from 'node-red';
import {
  isKoreError, KoreError, summarizeProgress, WaitActivity, WaitJobs, WaitJournal, type ActivityEnd, type JobEnding, type JobIO, type OperationResult,
  type PendingWait, type ProgressEvent, type TrainingStatus,
} from '@kore-train/core';
import { contextStore, type ContextLike } from './context-store.js';
import { TRAIN_EDITOR_SETTINGS } from './editor-settings.js';
import { readTarget } from './inputs.js';
import { resumeWait, runMode } from './modes.js';
import { asSettingError, parseNodeOptions, resumeEnabled, type NodeOptions } from './node-options.js';
import { statusBadge } from './status-badge.js';
import type { KoreAiAppNode, KoreTrainDef } from './types.js';

type Send = (msg: NodeMessage | Array<NodeMessage | null>) => void;
type KoreMsg = NodeMessageInFlow & { kore?: Record<string, unknown> };

/** One message: where its ending goes, and the `msg.kore` fields known so far (mode, then the bot target). */
interface Delivery {
  msg: KoreMsg;
  info: Record<string, unknown>;
  send: Send;
  /** Ends the message: Node-RED's `done`, or for a resumed message an error to Catch nodes. */
  complete(err?: Error): void;
  lastStatus?: TrainingStatus;
}

type Work = (io: JobIO, options: NodeOptions, app: KoreAiAppNode) => Promise<OperationResult>;

const PHASES = { status: 'checking', wait: 'waiting', train: 'starting' } as const;
const PORTS = { finished: 0, failed: 1, pending: 2, started: 2 } as const;

export = function (RED: NodeAPI): void {
  const t = (key: string, vars?: Record<string, string | number>): string => RED._(key, vars);

  /** The node's settings and app, or the error naming the first bad one. */
  function setUp(def: KoreTrainDef): { options: NodeOptions; app: KoreAiAppNode } | KoreError {
    try {
      const options = parseNodeOptions(def);
      const app = def.app ? (RED.nodes.getNode(def.app) as KoreAiAppNode | null) : null;
      if (app && typeof app.getClient === 'function') return { options, app };
      return new KoreError('INVALID_INPUT', 'app must be a Kore.ai app configuration node (none is selected)', { field: 'app' });
    } catch (error) {
      return error as KoreError;
    }
  }

  function KoreTrain(this: Node, def: KoreTrainDef): void {
    RED.nodes.createNode(this, def);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- Node-RED's idiom: the handlers below use the node
    const node = this;
    const setup = setUp(def);
    const mode = setup instanceof KoreError ? String(def.mode) : setup.options.mode;
    const resumeOn = resumeEnabled(def);
    const idle: NodeStatus = setup instanceof KoreError ? { fill: 'red', shape: 'ring', text: t('kore-train.status.config-error', { field: setup.field ?? '?' }) } : {};
    let shown = '';
    const show = (status: NodeStatus): void => {
      const text = JSON.stringify(status);
      if (text !== shown) node.status(status); // only when the badge changes
      shown = text;
    };
    const journal = new WaitJournal(node.id, contextStore(node.context() as unknown as ContextLike, (error) => node.warn(`pending waits could not be stored: ${error.message}`)));
    const jobs = new WaitJobs({ journal, activity: new WaitActivity((view) => show(statusBadge(view, t, idle))) });
    show(idle);

    function run(id: string, phase: keyof typeof PHASES | 'resumed', it: Delivery, work: Work): void {
      jobs.start<OperationResult>({
        id, phase: phase === 'resumed' ? 'waiting' : PHASES[phase], resumed: phase === 'resumed', context: it.msg, meta: it.info,
        work: async (io) => {
          if (setup instanceof KoreError) throw setup;
          return work(io, setup.options, setup.app);
        },
        onProgress: (event) => progress(it, event),
        settle: (ending) => settle(it, ending),
        abandon: () => it.complete(),
      });
    }

    function settle(it: Delivery, ending: JobEnding<OperationResult>): ActivityEnd | undefined {
      if (ending.kind === 'done') {
        it.msg.payload = ending.value.status;
        it.msg.kore = { ...it.info, ...ending.value.summary };
        it.send(route(PORTS[ending.value.way], it.msg));
        it.complete();
        return ending.value.end;
      }
      const err = asSettingError(ending.error);
      const seen = (isKoreError(err) ? err.lastStatus : undefined) ?? it.lastStatus;
      it.msg.kore = { ...it.info, ...(isKoreError(err) ? { error: err.toJSON() } : {}), ...(seen ? { lastStatus: seen } : {}) };
      it.complete(err);
      // A bad node setting keeps its deploy-time badge; any other error shows its code.
      return err === setup ? undefined : { kind: 'error', code: isKoreError(err) ? err.code : err.name };
    }

    function progress(it: Delivery, event: ProgressEvent): void {
      it.lastStatus = event.status;
      if (setup instanceof KoreError || !setup.options.progress) return;
      const msg = RED.util.cloneMessage(it.msg) as KoreMsg;
      msg.payload = event.status;
      msg.kore = { ...it.info, ...summarizeProgress(event) };
      it.send(route(2, msg));
    }

    /** The `send` array: the message on one output, nothing on the others. */
    function route(port: number, msg: NodeMessage): Array<NodeMessage | null> {
      const outputs = setup instanceof KoreError ? 2 : setup.options.outputs;
      return Array.from({ length: outputs }, (_, i) => (i === port ? msg : null));
    }

    /** A wait the previous instance of this node left: its message leaves on an output as usual. */
    function resume(wait: PendingWait): void {
      const msg = wait.context as KoreMsg;
      if (wait.dropped.length > 0) node.warn(`resumed a wait whose message lost msg.${wait.dropped.join(', msg.')}: not storable across a restart`);
      const it: Delivery = { msg, info: { ...wait.meta }, send: (out) => node.send(out), complete: (err) => err && node.error(err, msg) };
      run(wait.id, 'resumed', it, (io, _options, app) => resumeWait(app.getClient(), wait.token, io));
    }

    node.on('input', (msg: KoreMsg, send: Send, done: (err?: Error) => void) => {
      const it: Delivery = { msg, info: { mode }, send, complete: (err) => (err ? done(err) : done()) };
      run(randomUUID(), mode in PHASES ? (mode as keyof typeof PHASES) : 'status', it, async (io, options, app) => {
        const target = await readTarget(RED, node, def, msg);
        Object.assign(it.info, target);
        return runMode(app.getClient(), target, options, io);
      });
    });

    void jobs.takeOver(resumeOn).then((waits) => {
      for (const wait of waits) resume(wait);
      if (waits.length > 0) node.log(`resumed ${waits.length} pending wait(s)`);
    });

    // Redeploy or shutdown: pending waits go to the next instance (unless resuming is off); removal: they end.
    // Either way every request is aborted at once, long before Node-RED's 15 s close timeout.
    node.on('close', (removed: boolean, done: () => void) => {
      const keep = !removed && resumeOn;
      void jobs.close({ keep, reason: new Error('the node was stopped (redeploy or shutdown)') }).then((stopped) => {
        if (stopped > 0) node.debug(`stopped ${stopped} pending wait(s) on close${keep ? ', handed over to resume' : ''}`);
        node.status({});
        done();
      });
    });
  }

  RED.nodes.registerType('kore-train', KoreTrain, { settings: TRAIN_EDITOR_SETTINGS });
};
