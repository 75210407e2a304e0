import { KoreError } from './errors.js';

/** The default cap on an answer, counted after decompression: Kore.ai's status answers are a few hundred bytes. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;

export function tooLarge(maxBytes: number): KoreError {
  return new KoreError('BAD_RESPONSE', `Kore.ai answered with a body larger than ${maxBytes} bytes (maxResponseBytes)`);
}

/**
 * Reads a streamed body as UTF-8 text, and stops reading (rejecting BAD_RESPONSE) as soon as it passes
 * `maxBytes`: memory stays bounded whatever the server sends, a decompression bomb included.
 * Breaking out of the loop destroys a Node stream, which closes its socket.
 */
export async function readBodyCapped(body: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buffer.byteLength;
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
