import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.ts';
import { loadAssets, type Asset } from './assets.ts';
import { messagePage } from './layout.ts';
import { ResultsUnavailable, type ResultsSource } from './results-source.ts';
import { errorPage, routePage } from './routes.ts';

export const VIEWER_HOST = '127.0.0.1';

const UNAVAILABLE_REFRESH_SECONDS = 3;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface RunningViewer extends AsyncDisposable {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The read-only viewer: GET and HEAD only, on the loopback address. */
export async function startViewer(source: ResultsSource, port: number, logger: Logger): Promise<RunningViewer> {
  const assets = loadAssets();
  const server = createServer((req, res) => handle(req, res, source, assets, logger));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, VIEWER_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://${VIEWER_HOST}:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return { server, url, close, [Symbol.asyncDispose]: close };
}

function handle(req: IncomingMessage, res: ServerResponse, source: ResultsSource, assets: Map<string, Asset>, logger: Logger): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('The viewer is read-only: only GET and HEAD are served.\n');
    return;
  }
  // A page from another site that resolves its own name to 127.0.0.1 must not read results.
  if (!isLoopbackHost(req.headers.host)) {
    send(res, req, 421, 'text/plain; charset=utf-8', `Host ${req.headers.host ?? '(none)'} is not served; use ${VIEWER_HOST}.\n`);
    return;
  }
  const url = new URL(req.url ?? '/', `http://${VIEWER_HOST}`);
  if (url.pathname === '/favicon.ico') return send(res, req, 204, 'image/x-icon', '');
  const asset = assets.get(url.pathname);
  if (asset) return send(res, req, 200, asset.type, asset.body, 'max-age=60');
  try {
    const result = routePage(source, url) ?? { status: 404, body: messagePage('Not found', `Nothing at ${url.pathname}.`) };
    send(res, req, result.status, 'text/html; charset=utf-8', result.body.value);
  } catch (error) {
    if (error instanceof ResultsUnavailable) {
      // Reloads, so a viewer started before the first campaign shows it once the database exists.
      const page = messagePage('No results', error.message, { refreshSeconds: UNAVAILABLE_REFRESH_SECONDS });
      send(res, req, 503, 'text/html; charset=utf-8', page.value);
      return;
    }
    logger.error(`Failed to render ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    send(res, req, 500, 'text/html; charset=utf-8', errorPage(error).value);
  }
}

function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string | Buffer, cache = 'no-store'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': cache, 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}
