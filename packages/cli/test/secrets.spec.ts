import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { JWT_LIKE, run, withEnv, type Run } from './capture.js';

let sim: KoreSim;
let dir: string;
let privateKeyPem: string;
let base: string[];

beforeAll(async () => {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  sim = await startKoreSim({
    publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    bots: [{ botId: 'st-quick' }],
  });
  dir = mkdtempSync(path.join(tmpdir(), 'kore-cli-secrets-'));
  base = ['status', '--host', sim.url, '--client-id', sim.clientId, '--bot', 'st-quick'];
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sim.reset());

// None of the variables the CLI reads may leak in from the shell that runs the tests.
const noEnv = { KORE_CLIENT_SECRET: undefined, KORE_CLIENT_SECRET_FILE: undefined, KORE_PRIVATE_KEY_FILE: undefined, KORE_ALGORITHM: undefined };

function file(name: string, content: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, content, { mode: 0o600 });
  return at;
}

function stdinOf(text: string): Readable {
  return Readable.from([Buffer.from(text, 'utf8')]);
}

/** The status was printed and Kore.ai (the sim) accepted the token signed with the secret that was read. */
function expectAccepted(result: Run): void {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  expect(result.stdout).toMatch(/^st-quick: Finished/);
  expect(sim.requests.map((r) => r.authOk)).toEqual([true]);
}

/** Refused before any request, naming the flag, quoting nothing that was read. */
function expectRefused(result: Run, message: RegExp, ...neverShown: string[]): void {
  expect(result.code).toBe(3);
  expect(result.stderr).toMatch(message);
  for (const text of [sim.clientSecret, ...neverShown]) expect(result.stdout + result.stderr).not.toContain(text);
  expect(result.stdout + result.stderr).not.toMatch(JWT_LIKE);
  expect(sim.requests).toHaveLength(0);
}

describe('--client-secret-file', () => {
  it.each([
    ['no line break', ''],
    ['a trailing newline', '\n'],
    ['a trailing CRLF', '\r\n'],
    ['several trailing newlines', '\n\n'],
  ])('reads the secret from a file with %s', async (_name, ending) => {
    const secretFile = file(`secret-${randomUUID()}`, `${sim.clientSecret}${ending}`);
    expectAccepted(await withEnv(noEnv, () => run([...base, '--client-secret-file', secretFile])));
  });

  it('reads the secret from stdin with "-"', async () => {
    const result = await withEnv(noEnv, () => run([...base, '--client-secret-file', '-'], { stdin: stdinOf(`${sim.clientSecret}\n`) }));
    expectAccepted(result);
  });

  it('reads the file named by KORE_CLIENT_SECRET_FILE', async () => {
    const secretFile = file('from-env', `${sim.clientSecret}\n`);
    expectAccepted(await withEnv({ ...noEnv, KORE_CLIENT_SECRET_FILE: secretFile }, () => run(base)));
  });

  it('KORE_CLIENT_SECRET_FILE="-" reads stdin', async () => {
    const result = await withEnv({ ...noEnv, KORE_CLIENT_SECRET_FILE: '-' }, () => run(base, { stdin: stdinOf(sim.clientSecret) }));
    expectAccepted(result);
  });

  it('a wrong secret from a file is rejected by Kore.ai (exit 4) and never printed', async () => {
    const wrong = `wrong-${randomUUID()}`;
    const result = await withEnv(noEnv, () => run([...base, '--json', '--client-secret-file', file('wrong', `${wrong}\n`)]));
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });
});

describe('precedence: --client-secret, --client-secret-file, KORE_CLIENT_SECRET_FILE, KORE_CLIENT_SECRET', () => {
  // In each case exactly one source holds the right secret: the sim accepting the token proves which one was used.
  const wrong = () => file(`wrong-${randomUUID()}`, 'not-the-secret\n');

  it('--client-secret on the command line beats a secret file', async () => {
    const result = await withEnv({ ...noEnv, KORE_CLIENT_SECRET_FILE: wrong() }, () => run([...base, '--client-secret-file', wrong(), '--client-secret', sim.clientSecret]));
    expectAccepted(result);
  });

  it('--client-secret-file beats KORE_CLIENT_SECRET_FILE and KORE_CLIENT_SECRET', async () => {
    const right = file('right-flag', sim.clientSecret);
    const result = await withEnv({ ...noEnv, KORE_CLIENT_SECRET_FILE: wrong(), KORE_CLIENT_SECRET: 'not-the-secret' }, () => run([...base, '--client-secret-file', right]));
    expectAccepted(result);
  });

  it('KORE_CLIENT_SECRET_FILE beats KORE_CLIENT_SECRET', async () => {
    const right = file('right-env', sim.clientSecret);
    const result = await withEnv({ ...noEnv, KORE_CLIENT_SECRET_FILE: right, KORE_CLIENT_SECRET: 'not-the-secret' }, () => run(base));
    expectAccepted(result);
  });

  it('KORE_CLIENT_SECRET alone still works', async () => {
    expectAccepted(await withEnv({ ...noEnv, KORE_CLIENT_SECRET: sim.clientSecret }, () => run(base)));
  });
});

describe('an unusable secret file is INVALID_INPUT naming the flag, never its path or content', () => {
  it('names a missing file without echoing the path (a secret pasted there would show)', async () => {
    const pasted = `pasted-secret-${randomUUID()}`;
    const result = await withEnv(noEnv, () => run([...base, '--client-secret-file', pasted]));
    expectRefused(result, /^kore-train: --client-secret-file could not be read \(no such file\) \[INVALID_INPUT\]$/m, pasted);
  });

  it('an empty file, or one with only a newline', async () => {
    for (const content of ['', '\n', '\r\n']) {
      const result = await withEnv(noEnv, () => run([...base, '--client-secret-file', file(`empty-${randomUUID()}`, content)]));
      expectRefused(result, /--client-secret-file names an empty file \[INVALID_INPUT\]/);
    }
  });

  it('empty stdin, a terminal as stdin, or no stdin at all', async () => {
    const terminal = Object.assign(stdinOf('typed'), { isTTY: true });
    const cases: [Parameters<typeof run>[1], RegExp][] = [
      [{ stdin: stdinOf('') }, /--client-secret-file is "-" but stdin was empty/],
      [{ stdin: terminal }, /--client-secret-file is "-" but stdin is a terminal; pipe the secret in/],
      [{}, /--client-secret-file is "-" but there is no stdin to read/],
    ];
    for (const [io, message] of cases) expectRefused(await withEnv(noEnv, () => run([...base, '--client-secret-file', '-'], io)), message, 'typed');
  });

  it('a directory, and a file far too large to be a secret, name the env variable when it set the path', async () => {
    const huge = `${'x'.repeat(20_000)}-tail-${randomUUID()}`;
    const hugeFile = file('huge', huge);
    expectRefused(await withEnv({ ...noEnv, KORE_CLIENT_SECRET_FILE: dir }, () => run(base)), /KORE_CLIENT_SECRET_FILE could not be read \(it is a directory\)/, dir);
    expectRefused(await withEnv(noEnv, () => run([...base, '--client-secret-file', hugeFile])), /--client-secret-file holds more than 16384 bytes; is it the right file\?/, huge.slice(0, 64), 'tail');
  });

  it('JSON mode reports it as one document with the field', async () => {
    const result = await withEnv(noEnv, () => run([...base, '--json', '--client-secret-file', path.join(dir, 'absent')]));
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: '--client-secret-file' } });
    expect(result.stdout).not.toContain(dir);
  });
});

describe('--private-key-file', () => {
  const rs = () => [...base, '--algorithm', 'RS256'];

  it('reads the PEM key from a file', async () => {
    expectAccepted(await withEnv(noEnv, () => run([...rs(), '--private-key-file', file('key.pem', privateKeyPem)])));
  });

  // Keys kept in CI variables lose their line breaks or carry them as the two characters \n: core's
  // credentialOptions rebuilds both, as it does for the n8n and Node-RED credentials.
  it.each([
    ['with literal \\n', (pem: string) => pem.trim().replace(/\n/g, '\\n')],
    ['on one line', (pem: string) => pem.trim().replace(/\n/g, ' ')],
  ])('reads a PEM key file %s', async (_shape, reshape) => {
    const reshaped = reshape(privateKeyPem);
    expect(reshaped).not.toContain('\n');
    expectAccepted(await withEnv(noEnv, () => run([...rs(), '--private-key-file', file(`key-${randomUUID()}.pem`, reshaped)])));
  });

  it('reads the PEM key from stdin with "-"', async () => {
    expectAccepted(await withEnv(noEnv, () => run([...rs(), '--private-key-file', '-'], { stdin: stdinOf(privateKeyPem) })));
  });

  it('refuses an unreadable or empty key file, naming the flag and never quoting the key', async () => {
    expectRefused(await withEnv(noEnv, () => run([...rs(), '--private-key-file', path.join(dir, 'absent.pem')])), /--private-key-file could not be read \(no such file\)/);
    expectRefused(await withEnv(noEnv, () => run([...rs(), '--private-key-file', '-'], { stdin: stdinOf('') })), /--private-key-file is "-" but stdin was empty/);
    expectRefused(await withEnv(noEnv, () => run(rs())), /--private-key-file is required \(or set KORE_PRIVATE_KEY_FILE; "-" reads it from stdin\)/);
  });
});
