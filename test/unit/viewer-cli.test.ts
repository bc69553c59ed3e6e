import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { execa } from 'execa';

const GAUNTLET = ['bin/gauntlet.mjs', 'viewer'];

/** The first JSON document the process prints (printed over several lines). */
function firstJson(stream: NodeJS.ReadableStream): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes('\n}')) return;
      resolve(JSON.parse(text.slice(0, text.indexOf('\n}') + 2)));
    });
    stream.on('end', () => reject(new Error(`no JSON on stdout, got ${JSON.stringify(text)}`)));
  });
}

describe('gauntlet viewer', { timeout: 60_000 }, () => {
  it('serves on 127.0.0.1, says a missing database is missing, and stops on SIGTERM', async () => {
    const dbPath = join(await mkdtemp(join(tmpdir(), 'gauntlet-viewer-cli-')), 'eval.db');
    const viewer = execa('node', [...GAUNTLET, '--db', dbPath, '--port', '0', '--json'], { reject: false, timeout: 50_000 });
    const { url, db } = (await firstJson(viewer.stdout!)) as { url: string; db: string };
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(db, dbPath);
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 503);
    assert.match(await page.text(), /No results database at/);
    viewer.kill('SIGTERM');
    const result = await viewer;
    assert.equal(result.exitCode, 0);
    assert.match(result.stderr, new RegExp(`No results database at ${dbPath} yet`));
  });

  it('refuses a port that is not a port, and one that is taken, with a clear message', async () => {
    const bad = await execa('node', [...GAUNTLET, '--port', '80x'], { reject: false });
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /expected --port to be an integer from 0 to 65535, got `80x`/);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const taken = await execa('node', [...GAUNTLET, '--port', String(port)], { reject: false });
      assert.equal(taken.exitCode, 1);
      assert.match(taken.stderr, new RegExp(`port ${port} on 127.0.0.1 is already in use; pass another with --port`));
    } finally {
      holder.close();
    }
  });
});
