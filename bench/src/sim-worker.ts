/**
 * The simulator on its own thread, so that the client side of a measurement (heap, event-loop delay,
 * CPU) is not mixed with the server's. Driven by messages from `sim-thread.ts`.
 */
import { parentPort } from 'node:worker_threads';
import { startKoreSim, type BotSpec, type KoreSim } from '@kore-train/kore-sim';

export type SimCommand =
  | { id: number; type: 'start'; bots: BotSpec[] }
  | { id: number; type: 'addBots'; bots: BotSpec[] }
  | { id: number; type: 'count'; botIds: string[] }
  | { id: number; type: 'finish'; botIds: string[] }
  | { id: number; type: 'reset' }
  | { id: number; type: 'close' };

export interface SimInfo {
  url: string;
  clientId: string;
  clientSecret: string;
}

let sim: KoreSim | undefined;

async function handle(command: SimCommand): Promise<unknown> {
  switch (command.type) {
    case 'start':
      sim = await startKoreSim({ bots: command.bots });
      return { url: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret } satisfies SimInfo;
    case 'addBots':
      for (const bot of command.bots) sim?.addBot(bot);
      return command.bots.length;
    case 'count': {
      // One pass over the log rather than one per bot.
      const wanted = new Set(command.botIds);
      const counts: Record<string, number> = Object.fromEntries(command.botIds.map((id) => [id, 0]));
      let total = 0;
      for (const entry of sim?.requests ?? []) {
        if (entry.kind !== 'status') continue;
        total++;
        if (entry.botId !== undefined && wanted.has(entry.botId)) counts[entry.botId] = (counts[entry.botId] ?? 0) + 1;
      }
      return { counts, total };
    }
    case 'finish':
      // As if every training ended now: the next status poll answers Finished.
      for (const botId of command.botIds) sim?.updateBot(botId, { initial: 'Finished' });
      return command.botIds.length;
    case 'reset':
      sim?.reset();
      return true;
    case 'close':
      await sim?.close();
      return true;
  }
}

parentPort?.on('message', (command: SimCommand) => {
  handle(command).then(
    (result) => parentPort?.postMessage({ id: command.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: command.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
