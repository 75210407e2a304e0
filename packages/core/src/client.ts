import { createKoreEngine } from './engine.js';
import { KoreError } from './errors.js';
import type { KoreClientOptions } from './options.js';
import { nodeTimer, timerSleep } from './timer-sleep.js';
import { createAxiosTransport } from './transport.js';
import type { KoreClient } from './types.js';

/**
 * A client for Kore.ai's ML training API. Requests go through axios (keep-alive, at most 32 sockets per host)
 * and waits sleep on Node's timers, unless `transport` and `sleep` are given.
 */
export function createKoreClient(options: KoreClientOptions): KoreClient {
  if (options === null || typeof options !== 'object') throw new KoreError('INVALID_INPUT', 'options must be an object', { field: 'options' });
  const own = options.transport ? undefined : createAxiosTransport();
  // An injected sleep (fake or virtual time) also times the deadlines; otherwise Node's timers do both.
  const engine = createKoreEngine({
    ...options, transport: options.transport ?? own!.send, sleep: options.sleep ?? timerSleep, ...(options.sleep ? {} : { timer: nodeTimer }),
  });
  return {
    ...engine,
    close() {
      own?.close();
    },
  };
}
