export { runCli, type CliIo } from './program.js';
export { parseDuration } from './duration.js';
export { EXIT, exitCodeFor } from './exit-codes.js';
export { InterruptedBySignal, abortOnSignals, type StopSignal } from './interrupt.js';
