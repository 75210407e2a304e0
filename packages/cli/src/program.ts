import { Command, CommanderError, Option } from 'commander';
import {
  formatMs, isKoreError, KoreError, type KoreClient, type TrainingStatus, type WaitResult,
} from '@kore-train/core';
import { clientFrom, type CredentialOptions } from './credentials.js';
import { parseDuration } from './duration.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { describeAbort, exitCodeForAbort } from './interrupt.js';
import { describeParseError } from './parse-errors.js';
import { ProgressView, type Stream } from './progress.js';
import { safeDocument, safeText } from './safe-output.js';
import type { InputStream } from './secret-input.js';

export interface CliIo {
  stdout: Stream;
  stderr: Stream;
  /** Read only for `--client-secret-file -` or `--private-key-file -`. */
  stdin?: InputStream;
  /** Aborted on SIGINT or SIGTERM; an InterruptedBySignal reason picks the exit code (130 or 143). */
  signal?: AbortSignal;
}

interface CommonOptions extends CredentialOptions {
  bot?: string;
  language?: string;
  state?: string;
  json?: boolean;
}

interface WaitOptions extends CommonOptions {
  timeout: string;
  interval: string;
  maxInterval?: string;
  wait?: boolean;
}

const HELP_AFTER = `
Secrets: in CI, give the client secret in a file: --client-secret-file <path> or KORE_CLIENT_SECRET_FILE
         ("-" reads it from stdin; a trailing newline is dropped). --client-secret is visible to every user
         in \`ps\`. The first found wins: --client-secret, --client-secret-file, KORE_CLIENT_SECRET_FILE,
         KORE_CLIENT_SECRET. --private-key-file - reads the RS256/RS512 key from stdin.

Exit codes: 0 finished (or status printed), 1 training failed, 2 timed out, 3 invalid input,
            4 rejected by Kore.ai (400/401/403/404), 5 other API or network error,
            130 interrupted (SIGINT, Ctrl-C), 143 terminated (SIGTERM).

Examples:
  export KORE_HOST=https://bots.kore.ai KORE_CLIENT_ID=cs-… KORE_CLIENT_SECRET_FILE=/run/secrets/kore
  kore-train status --bot st-1234 --language en
  kore-train train --bot st-1234 --wait --timeout 30m
  printf '%s' "$KORE_SECRET" | kore-train wait --bot st-1234 --client-secret-file - --json`;

function commonOptions(command: Command): Command {
  return command
    .addOption(new Option('--host <url>', 'Kore.ai host, e.g. https://bots.kore.ai').env('KORE_HOST'))
    .addOption(new Option('--client-id <id>', 'client id of the app (API scope "Train ML")').env('KORE_CLIENT_ID'))
    .addOption(new Option('--client-secret-file <path>', 'file holding the client secret, "-" for stdin (the way to pass it in CI)').env('KORE_CLIENT_SECRET_FILE'))
    .addOption(new Option('--client-secret <secret>', 'client secret of the app; visible to other users in `ps`: prefer --client-secret-file').env('KORE_CLIENT_SECRET'))
    .addOption(new Option('--algorithm <alg>', 'JWT signing algorithm').choices(['HS256', 'HS512', 'RS256', 'RS512']).env('KORE_ALGORITHM'))
    .addOption(new Option('--private-key-file <path>', 'PEM private key for RS256/RS512, "-" for stdin').env('KORE_PRIVATE_KEY_FILE'))
    .addOption(new Option('--unique-jti', 'a fresh token with a unique jti per request (apps that enforce JTI)'))
    .addOption(new Option('--bot <id>', 'Bot ID or Stream ID (st-…)').env('KORE_BOT_ID'))
    .option('--language <code>', "bot language such as en or de (default: the bot's default)")
    .option('--state <state>', 'configured (in development, default) or published')
    .option('--json', 'print one JSON document on stdout instead of text');
}

function waitOptions(command: Command): Command {
  return command
    .option('--timeout <duration>', 'give up after this long (500ms, 30s, 5m, 2h; a bare number is seconds; 0 checks once)', '1h')
    .option('--interval <duration>', 'first and shortest interval between status polls', '1s')
    .option('--max-interval <duration>', 'longest interval between status polls (default 30s, or --interval if longer)');
}

function duration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new KoreError('INVALID_INPUT', `${flag} must be a duration such as 500ms, 30s, 5m or 2h (got ${JSON.stringify(text.slice(0, 40))})`, { field: flag });
  return ms;
}

function target(options: CommonOptions) {
  if (!options.bot) throw new KoreError('INVALID_INPUT', '--bot is required (or set KORE_BOT_ID)', { field: '--bot' });
  return { botId: options.bot, language: options.language, state: options.state as 'configured' | undefined };
}

// Everything below that quotes a status or an answer passes it through safeText: it is server text.
function describeStatus(botId: string, status: TrainingStatus): string {
  const version = status.trainDetails?.trainVersion !== undefined ? `, train version ${String(status.trainDetails.trainVersion)}` : '';
  const sync = status.allInSync ? 'ML in sync' : status.outOfSync.length ? `out of sync: ${status.outOfSync.map((f) => f.replace('isMlInSyncWith', '')).join(', ')}` : 'no sync flags';
  return safeText(`${botId}: ${status.trainingStatus} (${sync}${version})`);
}

function describeWait(botId: string, result: WaitResult): string {
  const verb = result.outcome === 'finished' ? 'finished' : 'FAILED';
  return `${safeText(`Training of ${botId} ${verb}`)} after ${formatMs(result.elapsedMs)} (${result.requests} status requests)\n${describeStatus(botId, result.status)}`;
}

/** Runs the CLI and returns its exit code; never calls process.exit, so tests run it in-process. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.OK;
  // Known before parsing, so that a parse error is a JSON document too.
  let json = argv.includes('--json');
  const print = (text: string) => io.stdout.write(`${text}\n`);
  const printJson = (value: unknown) => io.stdout.write(`${JSON.stringify(safeDocument(value), null, 2)}\n`);

  const waitFor = async (client: KoreClient, options: WaitOptions, train: boolean) => {
    const bot = target(options);
    const params = {
      ...bot,
      timeoutMs: duration('--timeout', options.timeout),
      pollIntervalMs: duration('--interval', options.interval),
      maxPollIntervalMs: duration('--max-interval', options.maxInterval),
      signal: io.signal,
    };
    // Progress goes to stderr and only to a person: --json keeps stdout a single document.
    const view = options.json && !io.stderr.isTTY ? undefined : new ProgressView(io.stderr, safeText(train ? `Training ${bot.botId}…` : `Waiting for ${bot.botId}…`));
    view?.start();
    try {
      const result = train
        ? await client.trainAndWait({ ...params, onProgress: (e) => view?.update(e) })
        : await client.waitForTraining({ ...params, onProgress: (e) => view?.update(e) });
      view?.stop();
      exitCode = result.outcome === 'finished' ? EXIT.OK : EXIT.TRAINING_FAILED;
      if (options.json) printJson({ ok: result.outcome === 'finished', command: train ? 'train' : 'wait', botId: bot.botId, ...result });
      else print(describeWait(bot.botId, result));
    } finally {
      view?.stop();
    }
  };

  const withClient = async (options: CommonOptions, command: Command, work: (client: KoreClient) => Promise<void>) => {
    json = options.json === true;
    const client = await clientFrom(options, (key) => command.getOptionValueSource(key), io.stdin);
    try {
      await work(client);
    } finally {
      client.close();
    }
  };

  const program = new Command('kore-train')
    .description("Check, start and wait for a Kore.ai bot's ML training.\nCredentials come from flags or KORE_HOST, KORE_CLIENT_ID and KORE_CLIENT_SECRET_FILE (or KORE_CLIENT_SECRET).")
    .version('0.1.0')
    // Commander's own error text quotes option values: it is replaced by describeParseError's.
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => undefined })
    // afterAll: also under each command's own --help, where secrets and exit codes matter most.
    .addHelpText('afterAll', HELP_AFTER);

  commonOptions(program.command('status').description('print the current training status (one request)')).action(async (options: CommonOptions, command: Command) =>
    withClient(options, command, async (client) => {
      const bot = target(options);
      const status = await client.getTrainingStatus({ ...bot, signal: io.signal });
      if (options.json) printJson({ ok: true, command: 'status', botId: bot.botId, status });
      else print(describeStatus(bot.botId, status));
    }));

  waitOptions(commonOptions(program.command('train').description('start a training; with --wait, wait until it finishes or fails')))
    .option('--wait', 'wait for the training to finish or fail')
    .action(async (options: WaitOptions, command: Command) =>
      withClient(options, command, async (client) => {
        if (options.wait) return waitFor(client, options, true);
        const bot = target(options);
        const training = await client.startTraining({ botId: bot.botId, language: bot.language, signal: io.signal });
        if (options.json) printJson({ ok: true, command: 'train', botId: bot.botId, training });
        else print(safeText(`Training of ${bot.botId} queued: ${training.trainingId}${training.message ? ` (${training.message})` : ''}`));
      }));

  waitOptions(commonOptions(program.command('wait').description('wait until the current training finishes or fails'))).action(async (options: WaitOptions, command: Command) =>
    withClient(options, command, (client) => waitFor(client, options, false)));

  // Each command reports itself as the one that raised a parse error, so the message can say where a flag belongs.
  const raisedBy = new WeakMap<CommanderError, Command>();
  for (const command of [program, ...program.commands]) {
    command.exitOverride((error) => {
      raisedBy.set(error, command);
      throw error;
    });
  }

  const fail = (error: KoreError, exit: number, hint = '') => {
    if (json) printJson({ ok: false, error: error.toJSON() });
    else io.stderr.write(`kore-train: ${safeText(error.message)} [${error.code}]\n${hint}`);
    return exit;
  };

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.OK;
      return fail(describeParseError(error, program, raisedBy.get(error)), EXIT.INVALID_INPUT, '(run with --help for usage)\n');
    }
    const koreError = isKoreError(error) ? error : new KoreError('NETWORK', `Unexpected failure: ${error instanceof Error ? error.name : 'error'}`);
    if (koreError.code === 'ABORTED') return fail(describeAbort(koreError, io.signal), exitCodeForAbort(io.signal));
    return fail(koreError, exitCodeFor(koreError.code));
  }
}
