import { runCli } from './program.js';

// Ctrl-C aborts the wait cleanly (exit 130); a second one leaves at once.
const controller = new AbortController();
process.once('SIGINT', () => {
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.once('SIGTERM', () => controller.abort());

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 5;
  },
);
