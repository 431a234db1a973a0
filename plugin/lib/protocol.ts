// Stash's raw plugin interface (stash pkg/plugin/raw.go, pkg/plugin/common/msg.go): the task JSON
// on stdin has Go field names and a whole net/http.Cookie; stdout carries one {output, error}.
export const PLUGIN_MODES = ['run', 'dry-run', 'status', 'verify', 'hook'] as const;
export type PluginMode = (typeof PLUGIN_MODES)[number];

export interface ServerConnection {
  Scheme: string;
  Host: string;
  Port: number;
  SessionCookie: { Name: string; Value: string } | null;
  /** Stash's config folder. */
  Dir: string;
  PluginDir: string;
}

export interface PluginInput {
  server_connection: ServerConnection;
  args: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Parses what Stash wrote on stdin; throws a TypeError naming what is missing.
export function parsePluginInput(text: string): PluginInput {
  const value: unknown = JSON.parse(text);
  if (!isObject(value) || !isObject(value.server_connection)) {
    throw new TypeError(
      'Expected the plugin input to have a `server_connection` object (is this run by Stash?)',
    );
  }
  const c = value.server_connection;
  const cookie =
    isObject(c.SessionCookie) && typeof c.SessionCookie.Value === 'string' && c.SessionCookie.Value !== ''
      ? c.SessionCookie
      : null;
  return {
    server_connection: {
      Scheme: typeof c.Scheme === 'string' && c.Scheme ? c.Scheme : 'http',
      Host: typeof c.Host === 'string' ? c.Host : '',
      Port: typeof c.Port === 'number' ? c.Port : 9999,
      SessionCookie: cookie ? { Name: String(cookie.Name ?? 'session'), Value: String(cookie.Value) } : null,
      Dir: typeof c.Dir === 'string' ? c.Dir : '',
      PluginDir: typeof c.PluginDir === 'string' ? c.PluginDir : '',
    },
    args: isObject(value.args) ? value.args : {},
  };
}

// Stash's own address: Host is its bind address (0.0.0.0 by default), so connect to localhost.
export function stashUrlOf(c: ServerConnection): string {
  let host = c.Host;
  if (host === '' || host === '0.0.0.0' || host === '::') host = 'localhost';
  if (host.includes(':')) host = `[${host}]`;
  return `${c.Scheme}://${host}:${c.Port}`;
}

// The task's mode: args.mode (the manifest's defaultArgs), or hook when a hookContext came.
export function pluginModeOf(args: Record<string, unknown>): PluginMode {
  const mode = typeof args.mode === 'string' ? args.mode : 'hookContext' in args ? 'hook' : 'run';
  if (!(PLUGIN_MODES as readonly string[]).includes(mode)) {
    throw new TypeError(
      `Expected the \`mode\` argument to be one of ${PLUGIN_MODES.join(', ')}, got \`${mode}\``,
    );
  }
  return mode as PluginMode;
}

// The one JSON line Stash reads from stdout.
export function formatPluginOutput(output: string | null, error: string | null): string {
  return `${JSON.stringify({ output, error })}\n`;
}
