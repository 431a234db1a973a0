// Renders a command as a line a user can paste into a POSIX shell (dry runs, logs, errors).
// Never used to run anything: processes are always spawned with an argument array.
export function toShell(bin: string, args: readonly string[]): string {
  return [bin, ...args].map(quoteArg).join(' ');
}

const SAFE = /^[\w@%+=:,./-]+$/;

// Single-quotes an argument unless it is made only of characters no shell treats specially.
export function quoteArg(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
