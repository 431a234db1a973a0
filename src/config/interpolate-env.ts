// `${VAR}` and `${VAR:-fallback}` in config file text, replaced before YAML parsing (as
// graphql-codegen does), so secrets can stay in the environment. Whole-line comments are left
// alone, so a commented-out `# apiKey: ${STASH_API_KEY}` never demands the variable.
import { ConfigError } from '../errors.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Interpolated {
  readonly text: string;
  /** The values put in, so error messages that quote the text can hide them (they may be secrets). */
  readonly inserted: readonly string[];
}

// Replaces every `${VAR}`; an unset variable without a fallback is a ConfigError naming it.
export function interpolateEnv(text: string, env: NodeJS.ProcessEnv, file: string): Interpolated {
  const inserted: string[] = [];
  const result = text
    .split('\n')
    .map((line, index) => {
      if (line.trimStart().startsWith('#')) return line;
      return line.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
        const value = env[name];
        if (value !== undefined) {
          inserted.push(value);
          return value;
        }
        if (fallback !== undefined) return fallback;
        throw new ConfigError(
          `Config file ${file} line ${index + 1} uses \${${name}}, but the environment variable ${name} is not set`,
        );
      });
    })
    .join('\n');
  return { text: result, inserted };
}
