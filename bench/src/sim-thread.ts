import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BotSpec } from '@kore-train/kore-sim';
import type { SimCommand, SimInfo } from './sim-worker.js';

type Payload<C> = C extends { id: number } ? Omit<C, 'id'> : never;

/** A kore-sim running in a worker thread, driven by messages. */
export class SimThread {
  private readonly worker = new Worker(join(__dirname, 'sim-worker.js'));
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  info!: SimInfo;

  private constructor() {
    this.worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      if (message.error !== undefined) pending.reject(new Error(`kore-sim worker: ${message.error}`));
      else pending.resolve(message.result);
    });
    this.worker.on('error', (error) => {
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
    });
  }

  static async start(bots: BotSpec[]): Promise<SimThread> {
    const thread = new SimThread();
    thread.info = (await thread.send({ type: 'start', bots })) as SimInfo;
    return thread;
  }

  send(command: Payload<SimCommand>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...command, id });
    });
  }

  addBots(bots: BotSpec[]): Promise<unknown> {
    return this.send({ type: 'addBots', bots });
  }

  async count(botIds: string[]): Promise<{ counts: Record<string, number>; total: number }> {
    return (await this.send({ type: 'count', botIds })) as { counts: Record<string, number>; total: number };
  }

  async close(): Promise<void> {
    await this.send({ type: 'close' });
    await this.worker.terminate();
  }
}
