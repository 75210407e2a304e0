/**
 * `kore-train`: checks, waits for, or starts and waits for a Kore.ai bot's ML training.
 *
 * All Kore.ai logic (JWT, requests, the shared poll loop, the stale `Finished` after a train request)
 * is in `@kore-train/core`; this file maps Node-RED messages, outputs, status and lifecycle onto it.
 * Outputs: 1 Finished, 2 Failed, 3 progress (wait modes, when enabled) or "not done yet" (status mode).
 * Errors go to `done(err)` with the original message, so a Catch node gets `msg.error.code`.
 */
import type { Node, NodeAPI, NodeMessage, NodeMessageInFlow } from 'node-red';
import {
  isKoreError, KoreError, trainingPhase, validateBotId, validateLanguage, validateState,
  type KoreClient, type ProgressEvent, type TrainingStatus, type WaitResult,
} from '@kore-train/core';
import { parseNodeOptions, type NodeOptions } from './node-options.js';
import { StatusDisplay, type JobEnd } from './status-display.js';
import type { KoreAiAppNode, KoreTrainDef } from './types.js';

type Send = (msg: NodeMessage | Array<NodeMessage | null>) => void;
type Done = (err?: Error) => void;

/** The message properties this node sets (besides `payload`, the TrainingStatus). */
interface KoreMsgInfo {
  mode: string;
  botId?: string;
  language?: string;
  state?: string;
  [key: string]: unknown;
}

interface Target {
  botId: string;
  language?: string;
  state?: 'configured' | 'published';
}

interface Job {
  controller: AbortController;
  settled: boolean;
  /** Calls the message's `done` once; later calls are ignored. */
  complete(err?: Error): void;
}

/** Typed-input types the runtime reads through `RED.util.evaluateNodeProperty`. */
const EVALUATED_TYPES = new Set(['str', 'msg', 'flow', 'global', 'env', 'jsonata']);

export = function (RED: NodeAPI): void {
  const t = (key: string, vars?: Record<string, string | number>): string => RED._(key, vars);

  function evaluate(node: Node, value: string, type: string, msg: NodeMessageInFlow): Promise<unknown> {
    // `state` is the editor's fixed list (configured / published): the value is the choice itself.
    if (type === 'state' || type === undefined || type === '') return Promise.resolve(value);
    if (!EVALUATED_TYPES.has(type)) return Promise.reject(new Error(`unsupported input type "${type}"`));
    return new Promise((resolve, reject) => {
      RED.util.evaluateNodeProperty(value, type, node, msg, (err: Error | null, result: unknown) => (err ? reject(err) : resolve(result)));
    });
  }

  /** Reads one typed input and validates it with the core; errors name the field and where it was read. */
  async function readField<T>(node: Node, field: string, value: string, type: string, msg: NodeMessageInFlow, validate: (raw: unknown) => T): Promise<T> {
    const where = type === 'str' || type === 'state' || !type ? 'the node settings' : type === 'jsonata' ? 'a JSONata expression' : `${type}.${value}`;
    let raw: unknown;
    try {
      raw = await evaluate(node, value, type, msg);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new KoreError('INVALID_INPUT', `${field} could not be read from ${where}: ${reason}`, { field });
    }
    try {
      return validate(raw);
    } catch (error) {
      if (isKoreError(error, 'INVALID_INPUT')) throw new KoreError('INVALID_INPUT', `${error.message} (read from ${where})`, { field });
      throw error;
    }
  }

  function KoreTrain(this: Node, def: KoreTrainDef): void {
    RED.nodes.createNode(this, def);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- Node-RED's idiom: the handlers below use the node
    const node = this;
    const display = new StatusDisplay((status) => node.status(status), t);
    const jobs = new Set<Job>();
    const running = new Set<Promise<void>>();
    let closed = false;

    let options: NodeOptions | undefined;
    let setupError: KoreError | undefined;
    try {
      options = parseNodeOptions(def);
    } catch (error) {
      setupError = error as KoreError;
    }
    const app = def.app ? (RED.nodes.getNode(def.app) as KoreAiAppNode | null) : null;
    if (!setupError && (!app || typeof app.getClient !== 'function')) {
      setupError = new KoreError('INVALID_INPUT', 'app must be a Kore.ai app configuration node (none is selected)', { field: 'app' });
    }
    if (setupError) display.setIdle({ fill: 'red', shape: 'ring', text: t('kore-train.status.config-error', { field: setupError.field ?? '?' }) });

    async function handle(msg: NodeMessageInFlow, send: Send, job: Job): Promise<void> {
      const info: KoreMsgInfo = { mode: options?.mode ?? String(def.mode) };
      const out = msg as NodeMessageInFlow & { kore?: KoreMsgInfo };
      let lastStatus: TrainingStatus | undefined;
      display.begin(job, options?.mode === 'train' ? 'starting' : options?.mode === 'wait' ? 'waiting' : 'checking');
      try {
        if (setupError || !options || !app) throw setupError;
        const opts = options;
        const target: Target = {
          botId: await readField(node, 'botId', def.botId, def.botIdType, msg, validateBotId),
        };
        const language = await readField(node, 'language', def.language, def.languageType, msg, validateLanguage);
        const state = await readField(node, 'state', def.state, def.stateType, msg, validateState);
        if (language !== undefined) target.language = language;
        if (state !== undefined) target.state = state;
        Object.assign(info, target);
        if (job.settled) return;

        const client: KoreClient = app.getClient();
        const signal = job.controller.signal;

        if (opts.mode === 'status') {
          const status = await client.getTrainingStatus({ ...target, signal });
          if (job.settled) return;
          const phase = trainingPhase(status);
          out.payload = status;
          out.kore = { ...info, outcome: phase, trainingStatus: status.trainingStatus };
          const port = phase === 'finished' ? 0 : phase === 'failed' ? 1 : 2;
          send(route(port, msg, opts.outputs));
          finishJob(job, phase === 'finished' ? { kind: 'finished' } : phase === 'failed' ? { kind: 'failed' } : { kind: 'inprogress', trainingStatus: status.trainingStatus });
          return;
        }

        const onProgress = (event: ProgressEvent): void => {
          if (job.settled) return;
          lastStatus = event.status;
          display.progress(job, trainingPhase(event.status) === 'inprogress');
          if (!opts.progress) return;
          const progressMsg = RED.util.cloneMessage(msg) as NodeMessageInFlow & { kore?: KoreMsgInfo };
          progressMsg.payload = event.status;
          progressMsg.kore = {
            ...info, event: 'progress', trainingStatus: event.status.trainingStatus, elapsedMs: event.elapsedMs, requests: event.requests,
            ...(event.previous !== undefined ? { previous: event.previous } : {}),
          };
          send(route(2, progressMsg, opts.outputs));
        };
        const waitParams = {
          ...target, signal, onProgress, timeoutMs: opts.timeoutMs, pollIntervalMs: opts.pollIntervalMs,
        };
        let result: WaitResult;
        if (opts.mode === 'train') {
          const trained = await client.trainAndWait(waitParams);
          result = trained;
          info['training'] = trained.training;
        } else {
          result = await client.waitForTraining(waitParams);
        }
        if (job.settled) return;
        out.payload = result.status;
        out.kore = {
          ...info, outcome: result.outcome, trainingStatus: result.status.trainingStatus, elapsedMs: result.elapsedMs,
          requests: result.requests, transitions: result.transitions,
        };
        send(route(result.outcome === 'finished' ? 0 : 1, msg, opts.outputs));
        finishJob(job, { kind: result.outcome });
      } catch (error) {
        if (job.settled) return;
        const err = error instanceof Error ? error : new Error(String(error));
        const seen = isKoreError(err) ? (err.lastStatus ?? lastStatus) : lastStatus;
        out.kore = { ...info, ...(isKoreError(err) ? { error: err.toJSON() } : {}), ...(seen ? { lastStatus: seen } : {}) };
        // A bad node setting keeps its deploy-time badge; any other error shows its code.
        finishJob(job, err === setupError ? { kind: 'unchanged' } : { kind: 'error', code: isKoreError(err) ? err.code : err.name }, err);
      }
    }

    function finishJob(job: Job, how: JobEnd, err?: Error): void {
      if (job.settled) return;
      display.end(job, how);
      job.complete(err);
    }

    node.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      if (closed) {
        done();
        return;
      }
      const job: Job = {
        controller: new AbortController(),
        settled: false,
        complete(err?: Error) {
          if (job.settled) return;
          job.settled = true;
          jobs.delete(job);
          if (err) done(err);
          else done();
        },
      };
      jobs.add(job);
      const run = handle(msg, send, job).catch((error: unknown) => job.complete(error instanceof Error ? error : new Error(String(error))));
      running.add(run);
      void run.finally(() => running.delete(run));
    });

    // Redeploy, removal or shutdown: abort every wait (the core sends nothing after an abort), clear
    // the ticker, and complete each pending message quietly (as Node-RED's delay node does).
    node.on('close', (_removed: boolean, done: () => void) => {
      closed = true;
      const pending = [...jobs];
      for (const job of pending) {
        job.controller.abort(new Error('the node was stopped (redeploy or shutdown)'));
        job.complete();
      }
      display.close();
      if (pending.length > 0) node.debug(`aborted ${pending.length} pending wait(s) on close`);
      void Promise.allSettled([...running]).then(() => done());
    });
  }

  /** The `send` array: the message on one output, nothing on the others. */
  function route(port: number, msg: NodeMessage, outputs: number): Array<NodeMessage | null> {
    const ports: Array<NodeMessage | null> = new Array<NodeMessage | null>(outputs).fill(null);
    ports[port] = msg; // port < outputs: the third output exists whenever something is sent to it
    return ports;
  }

  RED.nodes.registerType('kore-train', KoreTrain);
};
