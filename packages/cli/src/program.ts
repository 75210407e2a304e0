import { Command, CommanderError } from 'commander';
import { isKoreError, KoreError, REMEDIATION_HINTS, type KoreClient } from '@kore-train/core';
import { commonOptions, HELP_AFTER, resumeOptions, trainOptions, waitOptions, type CommonOptions, type WaitOptions } from './command-options.js';
import { clientFrom } from './credentials.js';
import { describeStatus, describeWait } from './describe.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { writeFailure, type Failure } from './failure.js';
import { inFlagTerms } from './flag-names.js';
import { describeAbort, exitCodeForAbort } from './interrupt.js';
import { describeParseError } from './parse-errors.js';
import type { Stream } from './progress.js';
import { safeDocument, safeText } from './safe-output.js';
import type { InputStream } from './secret-input.js';
import { adviceFor, requireBot, resumeFromToken, waitForBot, WaitFailed, type WaitDone } from './wait-command.js';

export interface CliIo {
  stdout: Stream;
  stderr: Stream;
  /** Read only for `--client-secret-file -` or `--private-key-file -`. */
  stdin?: InputStream;
  /** Aborted on SIGINT or SIGTERM; an InterruptedBySignal reason picks the exit code (130 or 143). */
  signal?: AbortSignal;
}

/** Environment variables behind flags, for messages that must say where a value came from. */
const ENV_OF_FLAG: Readonly<Record<string, string>> = { '--bot': 'KORE_BOT_ID', '--resume': 'KORE_RESUME_TOKEN', '--host': 'KORE_HOST', '--client-id': 'KORE_CLIENT_ID' };

/** `--bot`, or `KORE_BOT_ID (--bot)` when Commander took the value from the environment. */
function labelFor(command: Command): (flag: string) => string {
  return (flag) => {
    const env = ENV_OF_FLAG[flag];
    const key = flag.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    return env && command.getOptionValueSource(key) === 'env' ? `${env} (${flag})` : flag;
  };
}

/** Runs the CLI and returns its exit code; never calls process.exit, so tests run it in-process. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.OK;
  // Known before parsing, so that a parse error is a JSON document too.
  let json = argv.includes('--json');
  let labelOf = (flag: string) => flag;
  const print = (text: string) => io.stdout.write(`${text}\n`);
  const printJson = (value: unknown) => io.stdout.write(`${JSON.stringify(safeDocument(value), null, 2)}\n`);

  const report = (command: 'train' | 'wait', done: WaitDone) => {
    const { botId, result, resumed } = done;
    exitCode = result.outcome === 'finished' ? EXIT.OK : EXIT.TRAINING_FAILED;
    if (json) {
      printJson({ ok: result.outcome === 'finished', command, botId, ...(resumed ? { resumed } : {}), ...result });
      return;
    }
    print(describeWait(botId, result));
    if (result.outcome === 'failed') io.stderr.write(`hint: ${REMEDIATION_HINTS.TRAINING_FAILED}\n`);
  };

  const withClient = async (options: CommonOptions, command: Command, work: (client: KoreClient) => Promise<void>) => {
    json = options.json === true;
    labelOf = labelFor(command);
    const client = await clientFrom(options, (key) => command.getOptionValueSource(key), io.stdin);
    try {
      await work(client);
    } finally {
      client.close();
    }
  };

  /** A wait's error, with the resume command when the core says the wait can go on. */
  const waitCommand = (name: 'train' | 'wait', run: (client: KoreClient, options: WaitOptions, command: Command) => Promise<WaitDone>) =>
    async (options: WaitOptions, command: Command) =>
      withClient(options, command, async (client) => {
        try {
          report(name, await run(client, options, command));
        } catch (error) {
          throw isKoreError(error) ? adviceFor(error, options) : error;
        }
      });

  const context = (client: KoreClient, options: WaitOptions) => ({ client, options, stderr: io.stderr, signal: io.signal, labelOf });

  const program = new Command('kore-train')
    .description("Check, start and wait for a Kore.ai bot's ML training.\nCredentials come from flags or KORE_HOST, KORE_CLIENT_ID and KORE_CLIENT_SECRET_FILE (or KORE_CLIENT_SECRET).")
    .version('0.1.0')
    // Commander's own error text quotes option values: it is replaced by describeParseError's.
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => undefined })
    // afterAll: also under each command's own --help, where secrets and exit codes matter most.
    .addHelpText('afterAll', HELP_AFTER);

  commonOptions(program.command('status').description('print the current training status (one request)')).action(async (options: CommonOptions, command: Command) =>
    withClient(options, command, async (client) => {
      const bot = requireBot(options);
      const status = await client.getTrainingStatus({ ...bot, signal: io.signal });
      if (options.json) printJson({ ok: true, command: 'status', botId: bot.botId, status });
      else print(describeStatus(bot.botId, status));
    }));

  commonOptions(program.command('check').description("check the credentials: sign a token and ask Kore.ai whether it accepts it (no bot needed)"))
    .action(async (options: CommonOptions, command: Command) =>
      withClient(options, command, async (client) => {
        // Resolves only on Kore.ai's own answer about a made-up bot, the proof that it accepted the token.
        await client.verifyCredentials({ signal: io.signal });
        if (options.json) printJson({ ok: true, command: 'check', host: client.host });
        else print(`Kore.ai at ${client.host} accepted the app's token`);
      }));

  const train = trainOptions(waitOptions(commonOptions(program.command('train').description('start a training; with --wait, wait until it finishes or fails'))));
  const startOnly = async (options: WaitOptions, command: Command) =>
    withClient(options, command, async (client) => {
      const bot = requireBot(options);
      const training = await client.startTraining({ botId: bot.botId, language: bot.language, signal: io.signal });
      if (options.json) printJson({ ok: true, command: 'train', botId: bot.botId, training });
      else print(safeText(`Training of ${bot.botId} queued: ${training.trainingId}${training.message ? ` (${training.message})` : ''}`));
    });
  const trainAndWait = waitCommand('train', (client, options) => waitForBot(context(client, options), true));
  train.action(async (options: WaitOptions, command: Command) => (options.wait ? trainAndWait(options, command) : startOnly(options, command)));

  resumeOptions(waitOptions(commonOptions(program.command('wait').description('wait until the current training finishes or fails, or go on with an interrupted wait (--resume)'))))
    .action(waitCommand('wait', (client, options) => {
      const token = options.resume?.trim();
      return token ? resumeFromToken(context(client, options), token) : waitForBot(context(client, options), false);
    }));

  // Each command reports itself as the one that raised a parse error, so the message can say where a flag belongs.
  const raisedBy = new WeakMap<CommanderError, Command>();
  for (const command of [program, ...program.commands]) {
    command.exitOverride((error) => {
      raisedBy.set(error, command);
      throw error;
    });
  }

  const fail = (failure: Failure) => writeFailure(failure, io, json);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.OK;
      return fail({ error: describeParseError(error, program, raisedBy.get(error)), exitCode: EXIT.INVALID_INPUT, hint: 'run kore-train --help for usage' });
    }
    const advice = error instanceof WaitFailed ? error : undefined;
    const cause = advice ? advice.error : error;
    const koreError = isKoreError(cause) ? inFlagTerms(cause, labelOf) : new KoreError('NETWORK', `Unexpected failure: ${cause instanceof Error ? cause.name : 'error'}`);
    const resume = advice?.resume;
    if (koreError.code === 'ABORTED') return fail({ error: describeAbort(koreError, io.signal), exitCode: exitCodeForAbort(io.signal), resume });
    return fail({ error: koreError, exitCode: exitCodeFor(koreError.code), hint: advice?.hint, resume });
  }
}
