import { randomUUID } from 'node:crypto';
import { run, withEnv } from './capture.js';

// A value that must never be shown: fresh each run, so no fixed text can match it by accident.
const VALUE = `s3cr3t-${randomUUID()}`;

describe('parse errors name the flag or command, never a value', () => {
  it.each<[string, string[], RegExp]>([
    ['unknown --opt=value', ['status', `--client-secert=${VALUE}`], /^kore-train: unknown option --client-secert \(did you mean --client-secret\?\) \[INVALID_INPUT\]$/m],
    ['unknown --opt value', ['status', '--client-secert', VALUE], /^kore-train: unknown option --client-secert \(did you mean --client-secret\?\) \[INVALID_INPUT\]$/m],
    ['unknown -xVALUE', ['wait', `-x${VALUE}`], /^kore-train: unknown option -x \[INVALID_INPUT\]$/m],
    ['unknown flag without a near name', ['status', `--frobnicate=${VALUE}`], /^kore-train: unknown option --frobnicate \[INVALID_INPUT\]$/m],
    ['a known option before the command', [`--client-secret=${VALUE}`, 'status'], /^kore-train: --client-secret goes after the command \[INVALID_INPUT\]$/m],
    ['an option of another command', ['status', '--wait', VALUE], /^kore-train: --wait is an option of train, not status \[INVALID_INPUT\]$/m],
    ['unknown command', [VALUE], /^kore-train: unknown command; the commands are status, check, train and wait \[INVALID_INPUT\]$/m],
    ['a mistyped command', ['statsu', '--client-secret', VALUE], /^kore-train: unknown command; the commands are status, check, train and wait \(did you mean status\?\) \[INVALID_INPUT\]$/m],
    ['invalid choice --opt value', ['status', '--algorithm', VALUE], /^kore-train: --algorithm must be one of HS256, HS512, RS256, RS512 \[INVALID_INPUT\]$/m],
    ['invalid choice --opt=value', ['status', `--algorithm=${VALUE}`], /^kore-train: --algorithm must be one of HS256, HS512, RS256, RS512 \[INVALID_INPUT\]$/m],
    ['a stray argument', ['status', '--bot', 'st-1', VALUE], /^kore-train: too many arguments: status takes flags only \(did a value lose its flag\?\) \[INVALID_INPUT\]$/m],
    ['a flag without its value', ['status', '--client-secret'], /^kore-train: --client-secret needs a value \[INVALID_INPUT\]$/m],
  ])('%s', async (_shape, argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/\nhint: run kore-train --help for usage\n$/);
    expect(result.stdout + result.stderr).not.toContain(VALUE);
    expect(result.stdout).toBe('');
  });

  it('an invalid choice from the environment names the variable, not its value', async () => {
    const result = await withEnv({ KORE_ALGORITHM: VALUE }, () => run(['status', '--bot', 'st-1']));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^kore-train: KORE_ALGORITHM \(--algorithm\) must be one of HS256, HS512, RS256, RS512 \[INVALID_INPUT\]$/m);
    expect(result.stderr).not.toContain(VALUE);
  });

  it('with --json, the error is one JSON document on stdout, with the field and without the value', async () => {
    const result = await run(['wait', '--json', `--client-secert=${VALUE}`]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: { name: 'KoreError', code: 'INVALID_INPUT', field: '--client-secert', message: 'unknown option --client-secert (did you mean --client-secret?)', hint: 'run kore-train --help for usage' },
    });
    expect(result.stdout + result.stderr).not.toContain(VALUE);
  });

  it('--help and --version still print and exit 0', async () => {
    const help = await run(['wait', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--client-secret-file <path>/);
    const version = await run(['--version']);
    expect({ code: version.code, stdout: version.stdout }).toEqual({ code: 0, stdout: '0.1.0\n' });
  });
});
