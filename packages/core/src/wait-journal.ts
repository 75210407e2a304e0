/**
 * The waits a host has in flight, kept so that they outlive the host's instance (a redeploy, a restart):
 * - in a store the host provides (e.g. Node-RED's context, a file), as JSON: each wait's latest resume token,
 *   the host's fields about it (`meta`) and the JSON-exact part of what the host needs to finish it (`context`);
 * - in memory, handed from an owner that closes to the next owner with the same id in this process, with the
 *   live context (an HTTP request and response survive a redeploy this way).
 */
import { jsonExactParts } from './json-exact.js';

/** Where the journal is persisted. `save(undefined)` clears it. Errors are the store's to report. */
export interface JournalStore {
  load(): Promise<unknown>;
  save(entries: Record<string, JournalEntry> | undefined): void;
}

/** One wait, as stored: all JSON. */
export interface JournalEntry {
  token: string;
  /** The host's fields about the wait, as they were at its first checkpoint. */
  meta: Record<string, unknown>;
  context: Record<string, unknown>;
  /** Properties of the context that JSON cannot hold, and so are lost when the wait is resumed from the store. */
  dropped: string[];
}

/** A wait to resume: from a hand-off, `context` is the live object and nothing was dropped. */
export interface PendingWait extends JournalEntry {
  id: string;
}

/** A hand-off nobody takes within this time (the flow was disabled, not restarted) is dropped. */
export const HAND_OFF_TTL_MS = 10 * 60_000;

interface HandOff {
  at: number;
  waits: PendingWait[];
}

/** Module level: survives the owner instance, not the process. Keyed by owner id. */
const handOffs = new Map<string, HandOff>();

/** For tests that start and stop owners with the same ids. */
export function clearHandOffs(): void {
  handOffs.clear();
}

function isEntry(value: unknown): value is JournalEntry {
  const v = value as JournalEntry | null;
  return typeof v === 'object' && v !== null && typeof v.token === 'string' && typeof v.context === 'object' && v.context !== null
    && typeof v.meta === 'object' && v.meta !== null && Array.isArray(v.dropped);
}

export class WaitJournal {
  private readonly stored = new Map<string, JournalEntry>();
  private readonly live = new Map<string, object>();

  constructor(
    private readonly ownerId: string,
    private readonly store: JournalStore,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.stored.size;
  }

  /** Records a wait's latest resume token; its context and meta are copied the first time only. */
  checkpoint(id: string, token: string, context: object, meta: Record<string, unknown>): void {
    const known = this.stored.get(id);
    if (known) {
      known.token = token;
    } else {
      const part = jsonExactParts(context);
      this.stored.set(id, { token, meta: { ...meta }, context: part.value, dropped: part.dropped });
      this.live.set(id, context);
    }
    this.save();
  }

  /** The wait ended: nothing of it is kept. */
  remove(id: string): void {
    if (!this.live.delete(id) || !this.stored.delete(id)) return;
    this.save();
  }

  /** The owner closes but comes back (redeploy, restart): the next owner with this id takes the live waits. */
  handOver(): number {
    const waits = [...this.stored].map(([id, entry]) => ({ ...entry, id, context: this.live.get(id) as Record<string, unknown>, dropped: [] }));
    if (waits.length > 0) handOffs.set(this.ownerId, { at: this.now(), waits });
    this.live.clear();
    this.stored.clear(); // the store keeps them (a persistent one writes them out on shutdown)
    return waits.length;
  }

  /** The owner is removed: nothing is kept anywhere. */
  forget(): void {
    this.live.clear();
    this.stored.clear();
    handOffs.delete(this.ownerId);
    this.save();
  }

  /**
   * The waits a previous owner with this id left: its hand-off first (live contexts), then the store's (after a
   * restart). Each wait once; they become this journal's waits. A malformed stored entry is skipped.
   */
  async takeOver(): Promise<PendingWait[]> {
    const handOff = handOffs.get(this.ownerId);
    handOffs.delete(this.ownerId);
    for (const [id, other] of handOffs) if (this.now() - other.at > HAND_OFF_TTL_MS) handOffs.delete(id);
    const waits = handOff && this.now() - handOff.at <= HAND_OFF_TTL_MS ? [...handOff.waits] : [];
    const stored = await this.store.load();
    const fromStore = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
    for (const [id, entry] of Object.entries(fromStore)) {
      if (isEntry(entry) && !waits.some((w) => w.id === id)) waits.push({ ...entry, id });
    }
    for (const wait of waits) {
      const part = jsonExactParts(wait.context);
      this.stored.set(wait.id, { token: wait.token, meta: wait.meta, context: part.value, dropped: [...new Set([...wait.dropped, ...part.dropped])] });
      this.live.set(wait.id, wait.context);
    }
    this.save();
    return waits;
  }

  private save(): void {
    this.store.save(this.stored.size > 0 ? Object.fromEntries(this.stored) : undefined);
  }
}
