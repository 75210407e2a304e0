import { KoreError } from '@kore-train/core';
import type { Command, CommanderError, Option } from 'commander';
import { closest } from './suggest.js';

/**
 * Commander's own parse errors quote what was typed, values included (`unknown option '--client-secert=VALUE'`,
 * `argument 'VALUE' is invalid`). These are rewritten from the error code and the known flags and commands, so
 * that the message names the flag or command but holds nothing else of the command line.
 */
export function describeParseError(error: CommanderError, program: Command, raisedBy: Command = program): KoreError {
  const options = [...raisedBy.options, ...program.options, ...program.commands.flatMap((command) => command.options)];
  const longFlags = longFlagsOf(raisedBy);
  const commands = program.commands.map((command) => command.name());
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const invalid = (message: string, field?: string) => new KoreError('INVALID_INPUT', message, field ? { field } : {});

  switch (error.code) {
    case 'commander.unknownOption': {
      const flag = flagName(quoted);
      if (!flag) return invalid('unknown option');
      const owners = program.commands.filter((command) => longFlagsOf(command).includes(flag)).map((command) => command.name());
      if (owners.length > 0) {
        const where = raisedBy === program ? 'goes after the command' : `is an option of ${listOf(owners)}, not ${raisedBy.name()}`;
        return invalid(`${flag} ${where}`, flag);
      }
      const suggestion = flag.startsWith('--') ? closest(flag, longFlags) : undefined;
      return invalid(`unknown option ${flag}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`, flag);
    }
    case 'commander.unknownCommand': {
      const suggestion = closest(quoted, commands);
      return invalid(`unknown command; the commands are ${listOf(commands)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
    }
    case 'commander.invalidArgument': {
      const option = findOption(options, quoted);
      if (!option?.long) return invalid('an option has an invalid value');
      const env = /from env '([A-Za-z0-9_]+)'/.exec(error.message)?.[1];
      const who = env && env === option.envVar ? `${env} (${option.long})` : option.long;
      const choices = option.argChoices ? ` must be one of ${option.argChoices.join(', ')}` : ' has an invalid value';
      return invalid(`${who}${choices}`, option.long);
    }
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue': {
      const option = findOption(options, quoted);
      return option?.long ? invalid(`${option.long} needs a value`, option.long) : invalid('an option needs a value');
    }
    case 'commander.excessArguments':
      return invalid(`too many arguments: ${raisedBy === program ? 'kore-train' : raisedBy.name()} takes flags only (did a value lose its flag?)`);
    default:
      return invalid('the command line could not be read');
  }
}

function longFlagsOf(command: Command): string[] {
  return command.options.map((option) => option.long).filter((flag): flag is string => flag !== undefined);
}

/** `--name` of `--name=value`, `-x` of `-xVALUE`; undefined for anything not shaped like a flag. */
function flagName(token: string): string | undefined {
  return /^--[A-Za-z0-9][A-Za-z0-9-]{0,40}(?=$|=)/.exec(token)?.[0] ?? /^-[A-Za-z0-9]/.exec(token)?.[0];
}

/** The option whose flags Commander quoted, e.g. `--algorithm <alg>`. */
function findOption(options: readonly Option[], quotedFlags: string): Option | undefined {
  const long = /--[A-Za-z0-9][A-Za-z0-9-]*/.exec(quotedFlags)?.[0];
  return long === undefined ? undefined : options.find((option) => option.long === long);
}

function listOf(words: readonly string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
}
