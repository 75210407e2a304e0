// `npm start`: what a user's CI job does, against the embedded simulator instead of Kore.ai.
import { runCli } from '@kore-train/cli';
import { startKoreSim } from '@kore-train/kore-sim';

async function main(): Promise<number> {
  const sim = await startKoreSim({
    // A six-second training, with the previous Finished still reported for a moment after the POST.
    bots: [{ botId: 'st-demo-bot', languages: ['en', 'de'], trainingMs: 6_000, staleMs: 800, trainVersion: 41 }],
  });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  try {
    process.stderr.write(`Kore.ai simulator on ${sim.url} (bot st-demo-bot, language en)\n\n`);
    process.stderr.write('$ kore-train train --bot st-demo-bot --language en --wait\n');
    const code = await runCli(
      ['train', '--host', sim.url, '--client-id', sim.clientId, '--client-secret', sim.clientSecret, '--bot', 'st-demo-bot', '--language', 'en', '--wait'],
      { stdout: process.stdout, stderr: process.stderr, signal: controller.signal },
    );
    const polls = sim.count({ method: 'GET' });
    process.stderr.write(`\n${polls} status requests and 1 training request reached the simulator; exit code ${code}.\n`);
    return code;
  } finally {
    await sim.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
