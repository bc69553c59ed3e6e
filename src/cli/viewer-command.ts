import { existsSync } from 'node:fs';
import type { Logger } from '../log/logger.ts';
import { ResultsSource } from '../viewer/results-source.ts';
import { startViewer, VIEWER_HOST } from '../viewer/server.ts';
import { ExitError } from '../exit-error.ts';
import { printJson } from './output.ts';

export interface ViewerCommandOptions {
  db: string;
  port: string;
  json?: boolean;
}

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new ExitError(`expected --port to be an integer from 0 to 65535, got \`${text}\``, 2);
  }
  return port;
}

/** Serves the read-only viewer until SIGINT or SIGTERM. */
export async function viewerCommand(options: ViewerCommandOptions, logger: Logger): Promise<number> {
  const port = parsePort(options.port);
  const source = new ResultsSource(options.db);
  if (!existsSync(source.path)) logger.warn(`No results database at ${source.path} yet; pages say so until a campaign creates it`);
  const viewer = await startViewer(source, port, logger).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new ExitError(`port ${port} on ${VIEWER_HOST} is already in use; pass another with --port`, 1);
    throw error;
  });
  if (options.json) printJson({ url: viewer.url, db: source.path });
  else process.stdout.write(`Gauntlet viewer on ${viewer.url} (read-only, ${source.path}); Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await viewer.close();
  return 0;
}
