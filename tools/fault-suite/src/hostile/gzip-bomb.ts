import { createGzip } from 'node:zlib';

const MEMBER_BYTES = 8 * 1024 * 1024;

/**
 * A small gzip body that inflates to `inflatedBytes` of JSON whitespace after `{"trainingStatus":"Finished"}`:
 * valid JSON, so only a size cap (not a parse error) stops a client. Made at run time by streaming
 * spaces through zlib; one 8 MiB member is repeated (gzip allows concatenated members, and Node's
 * and undici's gunzip read them all), so it takes milliseconds, not seconds.
 */
export async function makeGzipBomb(inflatedBytes = 256 * 1024 * 1024): Promise<{ body: Buffer; inflatedBytes: number }> {
  const head = await gzip([Buffer.from('{"trainingStatus":"Finished"}')]);
  const block = Buffer.alloc(1024 * 1024, 0x20);
  const member = await gzip(Array.from({ length: MEMBER_BYTES / block.length }, () => block));
  const members = Math.ceil(inflatedBytes / MEMBER_BYTES);
  return { body: Buffer.concat([head, ...Array.from({ length: members }, () => member)]), inflatedBytes: members * MEMBER_BYTES + 29 };
}

function gzip(chunks: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const zip = createGzip({ level: 9 });
    zip.on('data', (chunk: Buffer) => out.push(chunk));
    zip.on('end', () => resolve(Buffer.concat(out)));
    zip.on('error', reject);
    let next = 0;
    const pump = (): void => {
      while (next < chunks.length) {
        if (!zip.write(chunks[next++])) {
          zip.once('drain', pump);
          return;
        }
      }
      zip.end();
    };
    pump();
  });
}
