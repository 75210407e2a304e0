import { Command, Option } from 'commander';
import { DEFAULTS, formatDuration, SIGNING_ALGORITHMS } from '@kore-train/core';
import type { CredentialOptions } from './credentials.js';

export interface CommonOptions extends CredentialOptions {
  bot?: string;
  language?: string;
  state?: string;
  json?: boolean;
}

export interface WaitOptions extends CommonOptions {
  timeout?: string;
  interval?: string;
  maxInterval?: string;
  settle?: string;
  wait?: boolean;
  resume?: string;
}

export const HELP_AFTER = `
Secrets: in CI, give the client secret in a file: --client-secret-file <path> or KORE_CLIENT_SECRET_FILE
         ("-" reads it from stdin; a trailing newline is dropped). --client-secret is visible to every user
         in \`ps\`. The first found wins: --client-secret, --client-secret-file, KORE_CLIENT_SECRET_FILE,
         KORE_CLIENT_SECRET. --private-key-file - reads the RS256/RS512 key from stdin.

Resuming: on SIGINT, SIGTERM or --timeout, train --wait and wait print one line on stderr,
          "Resume with: kore-train wait --resume <token>" (with --json: "resumeToken" in the document).
          kore-train wait --resume <token> (or KORE_RESUME_TOKEN) goes on with that wait, with its
          deadline, or a new one with --timeout. The token holds no secret.

Exit codes: 0 finished (or status printed), 1 training failed, 2 timed out, 3 invalid input,
            4 rejected by Kore.ai (400/401/403/404), 5 other API or network error,
            130 interrupted (SIGINT, Ctrl-C), 143 terminated (SIGTERM).

Examples:
  export KORE_HOST=https://bots.kore.ai KORE_CLIENT_ID=cs-… KORE_CLIENT_SECRET_FILE=/run/secrets/kore
  kore-train status --bot st-1234 --language en
  kore-train train --bot st-1234 --wait --timeout 30m
  kore-train wait --resume kt1.… --timeout 30m
  printf '%s' "$KORE_SECRET" | kore-train wait --bot st-1234 --client-secret-file - --json`;

const DURATIONS = '500ms, 30s, 5m, 2h; a bare number is seconds';

export function commonOptions(command: Command): Command {
  return command
    .addOption(new Option('--host <url>', 'Kore.ai host, e.g. https://bots.kore.ai').env('KORE_HOST'))
    .addOption(new Option('--client-id <id>', 'client id of the app (API scope "Train ML")').env('KORE_CLIENT_ID'))
    .addOption(new Option('--client-secret-file <path>', 'file holding the client secret, "-" for stdin (the way to pass it in CI)').env('KORE_CLIENT_SECRET_FILE'))
    .addOption(new Option('--client-secret <secret>', 'client secret of the app; visible to other users in `ps`: prefer --client-secret-file').env('KORE_CLIENT_SECRET'))
    .addOption(new Option('--algorithm <alg>', `JWT signing algorithm (default ${DEFAULTS.algorithm})`).choices(SIGNING_ALGORITHMS).env('KORE_ALGORITHM'))
    .addOption(new Option('--private-key-file <path>', 'PEM private key for RS256/RS512, "-" for stdin').env('KORE_PRIVATE_KEY_FILE'))
    .addOption(new Option('--unique-jti', 'a fresh token with a unique jti per request (apps that enforce JTI)'))
    .addOption(new Option('--bot <id>', 'Bot ID or Stream ID (st-…)').env('KORE_BOT_ID'))
    .option('--language <code>', "bot language such as en or de (default: the bot's default)")
    .option('--state <state>', 'configured (in development, default) or published')
    .option('--json', 'print one JSON document on stdout instead of text');
}

/** No Commander defaults: what is not given is left to the core, whose DEFAULTS the help shows. */
export function waitOptions(command: Command): Command {
  return command
    .option('--timeout <duration>', `give up after this long (${DURATIONS}; 0 checks once; default ${formatDuration(DEFAULTS.timeoutMs)})`)
    .option('--interval <duration>', `first and shortest interval between status polls (default ${formatDuration(DEFAULTS.pollIntervalMs)})`)
    .option('--max-interval <duration>', `longest interval between status polls (default ${formatDuration(DEFAULTS.maxPollIntervalMs)}, or --interval if longer)`);
}

export function trainOptions(command: Command): Command {
  return command
    .option('--wait', 'wait for the training to finish or fail')
    .option('--settle <duration>', `with --wait: how long after the POST a Finished is trusted without proof that it is the new training's (default ${formatDuration(DEFAULTS.settleMs)})`);
}

export function resumeOptions(command: Command): Command {
  return command.addOption(
    new Option('--resume <token>', 'go on with an interrupted or timed-out wait from the token it printed (--bot, --language and --state then come from it)').env('KORE_RESUME_TOKEN'),
  );
}
