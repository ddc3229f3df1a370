/** `npm run web [-- FILE] [--port N]`: the web shell. Prints one line with the URL to open. */
import { createEngine } from '../workers/engine';
import { TrawlError } from '../core/errors';
import { startWebServer } from './server';

function parseArgs(argv: string[]): { file?: string; port: number } {
  let file: string | undefined;
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' || a.startsWith('--port=')) {
      const v = a === '--port' ? argv[++i] : a.slice('--port='.length);
      port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TrawlError('bad-port', `--port needs a number from 0 to 65535 (got ${v})`);
    } else if (a.startsWith('-')) {
      throw new TrawlError('bad-argument', `Unknown option ${a}. Usage: trawl-web [FILE] [--port N]`);
    } else if (file === undefined) {
      file = a;
    } else {
      throw new TrawlError('bad-argument', `Only one capture file can be given (got ${file} and ${a})`);
    }
  }
  return { file, port };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const engine = createEngine({ shell: 'web' });
  let server;
  try {
    server = await startWebServer({ port: args.port, file: args.file, engine });
  } catch (e) {
    await engine.dispose();
    throw e;
  }
  process.stdout.write(`Trawl web UI: ${server.url}\n`);
  const stop = () => {
    void server
      .close()
      .then(() => engine.dispose())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`trawl web: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
