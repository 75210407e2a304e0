// The public API: the engine's (engine-entry.ts, sections by what you need) plus the ready client on axios and
// Node's timers. Everything else stays in its module.
export * from './engine-entry.js';
export { createKoreClient } from './client.js';
export { createAxiosTransport } from './transport.js';
export { timerSleep } from './timer-sleep.js';
// For host adapters that show what is in flight (Node-RED's status badge): it ticks on Node's timers.
export { WaitActivity } from './activity.js';
export type { ActivityView, ActivityPhase, ActivityEnd, ActivityOptions } from './activity.js';
