export { runCli, type CliIo } from './program.js';
export { EXIT, exitCodeFor } from './exit-codes.js';
export { InterruptedBySignal, abortOnSignals, type StopSignal } from './interrupt.js';
export { RESUME_LINE_PREFIX } from './failure.js';
