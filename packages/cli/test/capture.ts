import { runCli } from '../src/program.js';
import type { InputStream } from '../src/secret-input.js';
import { JWT_SHAPE as JWT_LIKE } from '@kore-train/testkit';

export { JWT_LIKE };

// Characters that steer a terminal or split a log line: C0, DEL, C1, line separators, bidi controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The same, but the CLI's own line breaks. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  stdin?: InputStream;
}

/** Runs the CLI in-process, capturing both streams. */
export async function run(argv: string[], options: AbortSignal | RunOptions = {}): Promise<Run> {
  const { signal, stdin } = options instanceof AbortSignal ? { signal: options, stdin: undefined } : options;
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    signal,
    stdin,
  });
  return { code, stdout, stderr };
}

/** Sets environment variables for one test body (Commander reads `process.env` when it parses). */
export async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

/** Neither the client secret nor anything shaped like a JWT in any of the texts. */
export function expectNoSecret(secret: string, ...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(JWT_LIKE);
  }
}
