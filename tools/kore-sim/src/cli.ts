#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDuration } from '@kore-train/core';
import { DEFAULT_CLIENT_ID, startKoreSim } from './server.js';
import type { BotSpec, KoreSim, KoreSimOptions } from './types.js';

export const USAGE = `Usage: kore-sim [options]

Runs a local Kore.ai simulator on 127.0.0.1 until SIGINT or SIGTERM.

  --port N               port to listen on (default 0: a free port, printed)
  --client-id ID         JWT appId to accept (default ${DEFAULT_CLIENT_ID}; env KORE_SIM_CLIENT_ID)
  --client-secret S      HS256/HS512 secret (default random; env KORE_SIM_CLIENT_SECRET)
  --public-key-file F    also accept RS256/RS512 tokens verified with this PEM public key
  --enforce-jti          refuse a token whose jti was already used
  --bot SPEC             botId[:trainingTime[:finished|failed[:lang,lang]]], repeatable,
                         e.g. st-demo:5s:finished  (time: 500ms, 5s, 2m, 1h; a bare number
                         is seconds, as in kore-train's flags)
                         default: one bot st-demo:5s:finished
  --print-secret         also print the client secret (it is never printed otherwise)
  -h, --help             this text
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliIo {
  out(line: string): void;
  env: Record<string, string | undefined>;
}

export interface CliConfig {
  options: KoreSimOptions;
  printSecret: boolean;
  help: boolean;
}

/** Parses the command line (without `node` and the script). Throws UsageError on bad input. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined> = {}): CliConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'public-key-file': { type: 'string' },
        'enforce-jti': { type: 'boolean', default: false },
        bot: { type: 'string', multiple: true },
        'print-secret': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values;
  const options: KoreSimOptions = {
    port: parsePort(values.port),
    clientId: values['client-id'] ?? (env.KORE_SIM_CLIENT_ID || undefined),
    clientSecret: values['client-secret'] ?? (env.KORE_SIM_CLIENT_SECRET || undefined),
    enforceJti: values['enforce-jti'],
    bots: (values.bot ?? ['st-demo:5s:finished']).map(parseBotArg),
  };
  if (values['public-key-file'] !== undefined) {
    try {
      options.publicKeyPem = readFileSync(values['public-key-file'], 'utf8');
    } catch {
      throw new UsageError(`cannot read --public-key-file ${values['public-key-file']}`);
    }
  }
  return { options, printSecret: values['print-secret'], help: values.help };
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be 0-65535, got ${value}`);
  return port;
}

/** `st-demo:5s:finished:en,de` -> a BotSpec. */
export function parseBotArg(arg: string): BotSpec {
  const [botId, time, outcome, languages, ...rest] = arg.split(':');
  if (!botId || rest.length > 0) throw new UsageError(`--bot ${arg}: expected botId[:time[:finished|failed[:lang,lang]]]`);
  const spec: BotSpec = { botId };
  if (time) {
    // The one duration syntax of the project (core's), so that `5` means the same here as in kore-train --timeout.
    const ms = parseDuration(time);
    if (ms === undefined) throw new UsageError(`--bot ${arg}: time must look like 500ms, 5s, 2m or 1h (a bare number is seconds)`);
    spec.trainingMs = ms;
  }
  if (outcome) {
    if (outcome !== 'finished' && outcome !== 'failed') throw new UsageError(`--bot ${arg}: outcome must be finished or failed`);
    spec.outcome = outcome;
  }
  if (languages) spec.languages = languages.split(',').filter(Boolean);
  return spec;
}

/** The one line printed at start: the URL and client id, the secret only when asked. */
export function listeningLine(sim: KoreSim, printSecret: boolean, botIds: string[]): string {
  const parts = [`kore-sim listening on ${sim.url}`, `client-id=${sim.clientId}`, `bots=${botIds.join(',')}`];
  if (printSecret) parts.push(`client-secret=${sim.clientSecret}`);
  return parts.join(' ');
}

/** Starts the sim for a command line; the caller decides when to close it. Undefined after --help. */
export async function runCli(argv: string[], io: CliIo): Promise<KoreSim | undefined> {
  const config = parseCliArgs(argv, io.env);
  if (config.help) {
    io.out(USAGE);
    return undefined;
  }
  const sim = await startKoreSim(config.options);
  io.out(listeningLine(sim, config.printSecret, (config.options.bots ?? []).map((bot) => bot.botId)));
  return sim;
}

async function main(): Promise<void> {
  // Handlers go in before the listening line is printed: whoever reads that line may signal at once.
  let stopped = false;
  let sim: KoreSim | undefined;
  const stop = (): void => {
    stopped = true;
    // The event loop empties once the server and its sockets are gone: the process ends with code 0.
    void sim?.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    sim = await runCli(process.argv.slice(2), { out: (line) => process.stdout.write(`${line}\n`), env: process.env });
  } catch (error) {
    const usage = error instanceof UsageError;
    process.stderr.write(`kore-sim: ${error instanceof Error ? error.message : String(error)}\n${usage ? USAGE : ''}`);
    process.exitCode = usage ? 2 : 1;
  }
  if (stopped || !sim) {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await sim?.close();
  }
}

if (require.main === module) void main();
