import { abortOnSignals } from './interrupt.js';
import { runCli } from './program.js';

const controller = new AbortController();
abortOnSignals(controller, process);

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: stdin is only opened when a secret or key is read from it (`-`).
  get stdin() {
    return process.stdin;
  },
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 5;
  },
);
