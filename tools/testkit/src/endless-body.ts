import { Readable } from 'node:stream';

/**
 * A response body that never ends by itself, counting the chunks it was asked for: a size cap must stop
 * reading it (and destroy it), which `pulled` and `destroyed` show.
 */
export function endlessBody(chunk: string): Readable & { pulled: number } {
  const body = new Readable({
    read() {
      body.pulled++;
      this.push(chunk);
    },
  }) as Readable & { pulled: number };
  body.pulled = 0;
  return body;
}
