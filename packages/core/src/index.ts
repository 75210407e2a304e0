// The public API. Everything a user needs is here; internals stay in their modules.
export * from './engine-entry.js';
export { createKoreClient } from './client.js';
export { createAxiosTransport } from './transport.js';
export { timerSleep } from './timer-sleep.js';
