import { parseDuration } from '@kore-train/core';
import { listeningLine, parseBotArg, parseCliArgs, runCli, UsageError } from '../src/cli.js';
import { getStatus } from './helpers.js';

describe('kore-sim CLI', () => {
  it('parses --bot specs: id, training time, outcome, languages', () => {
    expect(parseBotArg('st-demo')).toEqual({ botId: 'st-demo' });
    expect(parseBotArg('st-demo:5s:finished')).toEqual({ botId: 'st-demo', trainingMs: 5000, outcome: 'finished' });
    expect(parseBotArg('st-x:250ms:failed:en,de')).toEqual({ botId: 'st-x', trainingMs: 250, outcome: 'failed', languages: ['en', 'de'] });
    expect(parseBotArg('st-x:2m')).toEqual({ botId: 'st-x', trainingMs: 120_000 });
    expect(parseBotArg('st-x:1.5s')).toEqual({ botId: 'st-x', trainingMs: 1500 });
    expect(parseBotArg('st-x:1h')).toEqual({ botId: 'st-x', trainingMs: 3_600_000 });
    for (const bad of ['', ':5s', 'st-x:soon', 'st-x:-5s', 'st-x:5s:maybe', 'st-x:5s:failed:en:extra']) {
      expect(() => parseBotArg(bad)).toThrow(UsageError);
    }
  });

  it('reads a time as core\'s parseDuration does, as kore-train\'s flags do: a bare number is seconds, not milliseconds', () => {
    for (const time of ['40', '2.5', '750ms', '3s', '1.5m', '2h']) {
      expect(parseBotArg(`st-x:${time}`).trainingMs).toBe(parseDuration(time));
    }
    expect(parseBotArg('st-x:40').trainingMs).toBe(40_000);
    expect(() => parseBotArg('st-x:1d')).toThrow(/--bot st-x:1d: time must look like 500ms, 5s, 2m or 1h \(a bare number is seconds\)/);
  });

  it('parses options, with env fallbacks for the client id and secret', () => {
    const config = parseCliArgs(['--port', '4010', '--bot', 'st-a:1s', '--bot', 'st-b', '--enforce-jti'], {
      KORE_SIM_CLIENT_ID: 'env-id',
      KORE_SIM_CLIENT_SECRET: 'env-secret',
    });
    expect(config.options).toMatchObject({
      port: 4010,
      clientId: 'env-id',
      clientSecret: 'env-secret',
      enforceJti: true,
      bots: [{ botId: 'st-a', trainingMs: 1000 }, { botId: 'st-b' }],
    });
    expect(config.printSecret).toBe(false);
    expect(parseCliArgs(['--client-id', 'flag-id'], { KORE_SIM_CLIENT_ID: 'env-id' }).options.clientId).toBe('flag-id');
    expect(parseCliArgs([]).options).toMatchObject({ port: 0, bots: [{ botId: 'st-demo', trainingMs: 5000, outcome: 'finished' }] });
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it('refuses unknown options, positionals, bad ports and unreadable key files', () => {
    expect(() => parseCliArgs(['--verbose'])).toThrow(UsageError);
    expect(() => parseCliArgs(['serve'])).toThrow(UsageError);
    expect(() => parseCliArgs(['--port', 'eighty'])).toThrow(UsageError);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(UsageError);
    expect(() => parseCliArgs(['--public-key-file', '/nonexistent/key.pem'])).toThrow(UsageError);
  });

  it('starts a sim and prints one line with the URL and client id, never the secret', async () => {
    const lines: string[] = [];
    const sim = await runCli(['--client-id', 'cli-app', '--client-secret', 's3cr3t-value', '--bot', 'st-cli:1s'], {
      out: (line) => lines.push(line),
      env: {},
    });
    try {
      expect(sim).toBeDefined();
      expect(lines).toEqual([`kore-sim listening on ${sim?.url} client-id=cli-app bots=st-cli`]);
      expect(lines.join('')).not.toContain('s3cr3t-value');
      expect((await getStatus(sim!, 'st-cli')).status).toBe(200);
    } finally {
      await sim?.close();
    }
  });

  it('prints the secret only with --print-secret', async () => {
    const lines: string[] = [];
    const sim = await runCli(['--print-secret'], { out: (line) => lines.push(line), env: {} });
    try {
      expect(lines[0]).toMatch(/^kore-sim listening on http:\/\/127\.0\.0\.1:\d+ client-id=sim-client-id bots=st-demo client-secret=[0-9a-f]{64}$/);
      expect(lines[0]).toContain(sim!.clientSecret);
      expect(listeningLine(sim!, false, [])).not.toContain(sim!.clientSecret);
    } finally {
      await sim?.close();
    }
  });

  it('prints usage for --help and starts nothing', async () => {
    const lines: string[] = [];
    expect(await runCli(['--help'], { out: (line) => lines.push(line), env: {} })).toBeUndefined();
    expect(lines[0]).toMatch(/^Usage: kore-sim/);
  });
});
