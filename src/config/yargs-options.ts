// Adds every config option (and --config) to a yargs command. No yargs defaults are set, so
// argv holds only what the user typed and resolveConfig can tell a flag from a default; help
// still shows each default through `defaultDescription`. Numbers get no yargs type, so that
// `--batch-size abc` reaches our validation as `abc` rather than as NaN.
import type { Argv, Options } from 'yargs';
import { CONFIG_ENV_VAR } from './load-file.js';
import { OPTION_LIST, type OptionType } from './options.js';

export const CONFIG_GROUP = 'Configuration:';

/** The flags withConfigOptions adds, as yargs parses them (values are validated later). */
export interface ConfigFlagArgs {
  config?: string;
  [flag: string]: unknown;
}

// Declares --config and one flag per option on a yargs builder.
export function withConfigOptions<T>(yargs: Argv<T>): Argv<T & ConfigFlagArgs> {
  const options: Record<string, Options> = {
    config: {
      type: 'string',
      requiresArg: true,
      describe: `config file [env ${CONFIG_ENV_VAR}]`,
      defaultDescription: './phashvaapi.yml, then ~/.config/phashvaapi/config.yml',
    },
  };
  for (const option of OPTION_LIST) {
    options[option.flag] = {
      ...flagType(option.type),
      describe: `${option.description} [env ${option.env}]`,
      defaultDescription: option.defaultText,
    };
  }
  return yargs.options(options).group(Object.keys(options), CONFIG_GROUP) as unknown as Argv<
    T & ConfigFlagArgs
  >;
}

function flagType(type: OptionType): Options {
  if (type === 'boolean') return { type: 'boolean' };
  if (type === 'number') return { requiresArg: true };
  return { type: 'string', requiresArg: true };
}
