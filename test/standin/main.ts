// npm run stash-standin -- --port N --videos DIR [--api-key KEY] [--generated DIR]
// Serves DIR's videos as Stash scenes until killed. The first stdout line is the URL.
import { parseArgs } from 'node:util';
import { startStandin } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    videos: { type: 'string' },
    'api-key': { type: 'string' },
    generated: { type: 'string' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Expected --port to be a port number, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}

const standin = await startStandin({
  port,
  host: values.host,
  ...(values.videos ? { videosDir: values.videos } : {}),
  ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
  ...(values.generated ? { generatedPath: values.generated } : {}),
});
console.log(`Stash stand-in listening on ${standin.url}`);
console.log(`${standin.state.scenes.size} scenes${values.videos ? ` from ${values.videos}` : ''}`);

const stop = () => {
  void standin.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
