/**
 * The waits a `kore-train` node has in flight, kept so that they outlive the node instance:
 * - in the node's own context (key `koreTrainPendingWaits`), as JSON: with a persistent context store
 *   (`localfilesystem`) this survives a Node-RED restart;
 * - in memory, handed from a closing node to the node with the same id that starts next (redeploy,
 *   flows restart). Node-RED deletes a node's context on close when no store is configured, and the
 *   live message (HTTP In `req`/`res` included) is better than its stored part anyway.
 */
import type { StorableMessage } from './storable-message.js';
import { storableMessage } from './storable-message.js';

export const CONTEXT_KEY = 'koreTrainPendingWaits';
/** A hand-off nobody takes within this time (the flow was disabled, not restarted) is dropped. */
const HAND_OFF_TTL_MS = 10 * 60_000;

/** What is stored for one wait: all JSON. */
export interface StoredWait {
  token: string;
  /** `msg.kore` fields known when the wait started (mode, bot target). */
  kore: Record<string, unknown>;
  msg: Record<string, unknown>;
  /** Message properties that could not be stored. */
  dropped: string[];
}

/** A wait to resume, with the message to send when it ends. */
export interface ResumableWait {
  id: string;
  token: string;
  kore: Record<string, unknown>;
  msg: Record<string, unknown>;
  /** Properties the message lost on the way (empty when the live message was handed over). */
  dropped: string[];
}

/** The part of Node-RED's context API used here (callback forms: they work with every store). */
export interface ContextLike {
  get(key: string, callback: (err: Error | null | undefined, value: unknown) => void): void;
  set(key: string, value: unknown, callback?: (err?: Error | null) => void): void;
}

interface HandOff {
  at: number;
  waits: ResumableWait[];
}

/** Module level: survives the node instance, not the process. Keyed by node id. */
const handOffs = new Map<string, HandOff>();

/** For tests that load and unload flows with the same node ids. */
export function clearHandOffs(): void {
  handOffs.clear();
}

function isStoredWait(value: unknown): value is StoredWait {
  const v = value as StoredWait | null;
  return typeof v === 'object' && v !== null && typeof v.token === 'string' && typeof v.msg === 'object' && v.msg !== null
    && typeof v.kore === 'object' && v.kore !== null && Array.isArray(v.dropped);
}

export class PendingWaits {
  private readonly stored = new Map<string, StoredWait>();
  private readonly live = new Map<string, object>();

  constructor(
    private readonly nodeId: string,
    private readonly context: ContextLike,
    private readonly onStoreError: (error: Error) => void,
  ) {}

  get size(): number {
    return this.stored.size;
  }

  /** Records a wait's latest resume token; the message is copied the first time only. */
  checkpoint(id: string, token: string, msg: object, kore: Record<string, unknown>): void {
    const known = this.stored.get(id);
    if (known) {
      known.token = token;
    } else {
      const part: StorableMessage = storableMessage(msg);
      this.stored.set(id, { token, kore: { ...kore }, msg: part.msg, dropped: part.dropped });
      this.live.set(id, msg);
    }
    this.save();
  }

  remove(id: string): void {
    if (!this.live.delete(id) || !this.stored.delete(id)) return;
    this.save();
  }

  /** Close that is not a removal: the next node with this id takes the live messages. */
  handOver(): number {
    const waits: ResumableWait[] = [...this.stored].map(([id, wait]) => ({ id, token: wait.token, kore: wait.kore, msg: this.live.get(id) as Record<string, unknown>, dropped: [] }));
    if (waits.length > 0) handOffs.set(this.nodeId, { at: Date.now(), waits });
    this.live.clear();
    this.stored.clear(); // the context keeps them (a persistent store writes them out on shutdown)
    return waits.length;
  }

  /** Removal: nothing is kept anywhere. */
  forget(): void {
    this.live.clear();
    this.stored.clear();
    handOffs.delete(this.nodeId);
    this.save();
  }

  /**
   * The waits a previous instance of this node left: its hand-off first (live messages), then the
   * context store's (after a restart). Each wait once; they become this instance's pending waits.
   */
  async takeOver(): Promise<ResumableWait[]> {
    const handOff = handOffs.get(this.nodeId);
    handOffs.delete(this.nodeId);
    for (const [id, other] of handOffs) if (Date.now() - other.at > HAND_OFF_TTL_MS) handOffs.delete(id);
    const waits = handOff && Date.now() - handOff.at <= HAND_OFF_TTL_MS ? [...handOff.waits] : [];
    const fromStore = await this.load();
    for (const [id, wait] of Object.entries(fromStore)) {
      if (isStoredWait(wait) && !waits.some((w) => w.id === id)) waits.push({ id, ...wait });
    }
    for (const wait of waits) {
      const part = storableMessage(wait.msg);
      this.stored.set(wait.id, { token: wait.token, kore: wait.kore, msg: part.msg, dropped: [...new Set([...wait.dropped, ...part.dropped])] });
      this.live.set(wait.id, wait.msg);
    }
    this.save();
    return waits;
  }

  private load(): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.context.get(CONTEXT_KEY, (err, value) => {
        if (err) this.onStoreError(err);
        resolve(!err && typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
      });
    });
  }

  private save(): void {
    const value = this.stored.size > 0 ? Object.fromEntries(this.stored) : undefined;
    this.context.set(CONTEXT_KEY, value, (err) => {
      if (err) this.onStoreError(err);
    });
  }
}
