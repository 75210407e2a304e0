import { createReadStream } from 'node:fs';
import { KoreError } from '@kore-train/core';

/** What the CLI reads a secret from when its path is `-`. */
export interface InputStream extends AsyncIterable<Uint8Array | string> {
  isTTY?: boolean;
}

export interface SecretSource {
  /** The flag as the user set it (`--client-secret-file`, or the env variable's name): errors name it. */
  name: string;
  /** The field of the INVALID_INPUT error. */
  field: string;
  /** A file path, or `-` for stdin. */
  path: string;
  /** A secret or a key file is small; anything larger is the wrong file, and is not read on. */
  maxBytes: number;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * Reads a secret from a file or stdin, without its trailing line breaks. Errors name the flag and why, but
 * never the path (a secret pasted where the path belongs would be echoed) nor anything read.
 */
export async function readSecret(source: SecretSource, stdin: InputStream | undefined): Promise<string> {
  const fail = (why: string) => new KoreError('INVALID_INPUT', `${source.name} ${why}`, { field: source.field });
  let input: InputStream;
  if (source.path === '-') {
    if (!stdin) throw fail('is "-" but there is no stdin to read');
    // Typing a secret at a terminal shows it on the screen: pipe it in instead.
    if (stdin.isTTY) throw fail('is "-" but stdin is a terminal; pipe the secret in');
    input = stdin;
  } else {
    input = createReadStream(source.path);
  }
  let text: string;
  try {
    text = await readCapped(input, source.maxBytes);
  } catch (error) {
    if (error instanceof TooLarge) throw fail(`holds more than ${source.maxBytes} bytes; is it the right file?`);
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(`could not be read (${(code && REASONS[code]) ?? code ?? 'read error'})`);
  }
  const secret = text.replace(/[\r\n]+$/, '');
  if (secret === '') throw fail(source.path === '-' ? 'is "-" but stdin was empty' : 'names an empty file');
  return secret;
}

class TooLarge extends Error {}

async function readCapped(input: InputStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    size += buffer.length;
    // Leaving the loop early also destroys the stream: nothing more is read.
    if (size > maxBytes) throw new TooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
