import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/log/logger.ts';
import { ResultsDb } from '../../src/store/results-db.ts';
import { ResultsSource } from '../../src/viewer/results-source.ts';
import { startViewer, type RunningViewer } from '../../src/viewer/server.ts';

const HOSTILE = '<script>window.pwned = true</script>';
const logger = createLogger('viewer-test', { level: 'error' });

/** A results database as the harness writes it: one finished and one running campaign. */
async function writeResults(dir: string): Promise<{ dbPath: string; trialId: number }> {
  const dbPath = join(dir, 'eval.db');
  const logPath = join(dir, 'operator.log');
  await writeFile(logPath, `repairing ${HOSTILE}\n`);
  const db = new ResultsDb(dbPath);
  const spec = (ordinal: number) => ({ ordinal, subject: 'etcd', chaos_type: 'node_kill', chaos_params_json: '{}', baseline: 0, seed: ordinal });
  const base = { file: null, config_json: '{}', variant: 'runbook', seed: 1, parallel: 2, engine: null, compose: null };
  db.createCampaign({ ...base, id: 'c-old', name: `old ${HOSTILE}`, created_at: '2026-12-01T10:00:00.000Z' }, [spec(0), spec(1), spec(2)]);
  db.createCampaign({ ...base, id: 'c-new', name: 'new', created_at: '2026-12-02T10:00:00.000Z' }, [spec(0)]);
  const [won, censored, infra] = db.trials('c-old');
  const at = (s: number) => new Date(Date.parse('2026-12-01T10:00:00.000Z') + s * 1000).toISOString();
  const phases = [
    { phase: 'inject', startedAt: at(1), endedAt: at(1.1), ms: 100 },
    { phase: 'detect', startedAt: at(1.1), endedAt: at(2), ms: 900 },
    { phase: 'resolve', startedAt: at(2), endedAt: at(5), ms: 3000 },
  ];
  db.markTrialRunning(won!.id, 3, 'etcd-eval-3');
  db.finishTrial(won!.id, {
    outcome: 'success', ended_at: at(6), chaos_injected_at: at(1), time_to_detect_ms: 900, time_to_resolve_ms: 3500,
    phases_json: JSON.stringify(phases),
    chaos_json: JSON.stringify({ type: 'node_kill', target: { service: HOSTILE } }),
    commands_json: JSON.stringify([{ id: 1, timestamp: Date.parse(at(3)), entryType: 'command', toolName: 'docker', toolParams: `start ${HOSTILE}`, exitCode: 0 }]),
    tickets_json: JSON.stringify([{ id: 1, status: 'resolved', summary: HOSTILE }]),
    state_before_json: JSON.stringify({ health: { healthy: true } }),
    state_after_json: JSON.stringify({ health: { healthy: false } }),
    operator_log: logPath,
    workload_json: JSON.stringify({
      report: {
        writesAttempted: 42, writesAcknowledged: 40, writesFailed: 2, readsAttempted: 20, readsFailed: 1, writesLost: 1,
        lostKeys: [`/gauntlet/${HOSTILE}`], longestOutageMs: 1200, startedAt: Date.parse(at(1)), stoppedAt: Date.parse(at(6)),
      },
    }),
  });
  db.markTrialRunning(censored!.id, 4, 'etcd-eval-4');
  db.finishTrial(censored!.id, { outcome: 'unresolved', ended_at: at(9), chaos_injected_at: at(1), phases_json: JSON.stringify(phases) });
  db.markTrialRunning(infra!.id, 3, 'etcd-eval-3');
  db.finishTrial(infra!.id, { outcome: 'infra_error', error: `could not inject: ${HOSTILE}` });
  db.setCampaignStatus('c-old', 'finished');
  db.close();
  return { dbPath, trialId: won!.id };
}

function get(viewer: RunningViewer, path: string, options: { method?: string; host?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(`${viewer.url}${path}`, { method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject).end();
  });
}

describe('the viewer server on a results database', () => {
  let viewer: RunningViewer;
  let trialId: number;

  before(async () => {
    const written = await writeResults(await mkdtemp(join(tmpdir(), 'gauntlet-viewer-')));
    trialId = written.trialId;
    viewer = await startViewer(new ResultsSource(written.dbPath), 0, logger);
  });
  after(() => viewer.close());

  it('lists campaigns newest first and reloads while one runs', async () => {
    const { status, body } = await get(viewer, '/');
    assert.equal(status, 200);
    assert.ok(body.indexOf('data-campaign="c-new"') < body.indexOf('data-campaign="c-old"'));
    assert.match(body, /<meta http-equiv="refresh" content="3">/);
    assert.match(body, /status-running">running</);
  });

  it('shows every string from the results as text, never as markup', async () => {
    for (const path of ['/', '/campaigns/c-old', `/trials/${trialId}`, '/compare?a=c-old&b=c-new']) {
      const { status, body } = await get(viewer, path);
      assert.equal(status, 200, path);
      assert.ok(!body.includes(HOSTILE), `${path} has the raw <script>`);
      assert.ok(body.includes('&lt;script&gt;window.pwned = true&lt;/script&gt;') || body.includes('\\u003cscript>'), path);
    }
    const trial = (await get(viewer, `/trials/${trialId}`)).body;
    assert.ok(trial.includes('docker start &lt;script&gt;window.pwned = true&lt;/script&gt;'), 'the command as text');
    assert.ok(trial.includes('repairing &lt;script&gt;'), 'the operator log as text');
  });

  it('scores the campaign without infra errors and lists them apart', async () => {
    const { body } = await get(viewer, '/campaigns/c-old');
    assert.match(body, /1\/2 wins \(50%, 95% \d+%–\d+%\)<\/strong>, infra errors excluded/);
    assert.match(body, /could not inject: &lt;script&gt;/);
    const data = JSON.parse(/<script type="application\/json" id="resolve-data">(.*?)<\/script>/s.exec(body)![1]!);
    assert.deepEqual(data[0].observations.map((o: { ms: number; censored: boolean }) => [o.ms, o.censored]), [[3500, false], [120_000, true]]);
    assert.match(body, /Client workload over 1 trial\(s\): 40 acknowledged writes, <strong class="error-text">1 lost in 1 trial\(s\)<\/strong> · longest outage 1.20 s/);
  });

  it("shows the trial's workload figures and its lost keys as text", async () => {
    const { body } = await get(viewer, `/trials/${trialId}`);
    assert.match(body, /<th>writes attempted<\/th><td class="num">42<\/td><th>acknowledged<\/th><td class="num">40<\/td>/);
    assert.match(body, /<td class="num error-text">1<\/td>/);
    assert.match(body, /<th>lost keys<\/th><td class="mono" colspan="3">\/gauntlet\/&lt;script&gt;/);
    assert.match(body, /<th>longest outage \(no successful write\)<\/th><td>1.20 s<\/td><th>ran<\/th><td>5.00 s<\/td>/);
  });

  it('shows the trial: phases, commands with category and rule, the state diff', async () => {
    const { body } = await get(viewer, `/trials/${trialId}`);
    assert.match(body, /<td>resolve<\/td><td class="mono">2026-12-01T10:00:02.000Z<\/td><td class="mono">2026-12-01T10:00:05.000Z<\/td><td class="num">3000 ms<\/td>/);
    assert.match(body, /category-remediation">remediation<\/span><\/td><td><span class="mono">start-member</);
    assert.match(body, /<tr class="diff-changed"><td class="mono">health.healthy<\/td><td class="mono">true<\/td><td class="mono">false<\/td><\/tr>/);
  });

  it('serves only GET and HEAD, only to loopback host names', async () => {
    assert.equal((await get(viewer, '/', { method: 'POST' })).status, 405);
    assert.equal((await get(viewer, '/', { method: 'DELETE' })).status, 405);
    assert.equal((await get(viewer, '/', { host: 'evil.example:80' })).status, 421);
    assert.equal((await get(viewer, '/', { method: 'HEAD' })).status, 200);
    assert.match(String((await get(viewer, '/')).headers['content-security-policy']), /script-src 'self'/);
  });

  it('answers unknown campaigns and trials with 404', async () => {
    assert.equal((await get(viewer, '/campaigns/nope')).status, 404);
    assert.equal((await get(viewer, '/trials/99999')).status, 404);
    assert.equal((await get(viewer, '/nothing')).status, 404);
  });

  it('serves Chart.js from its npm package', async () => {
    const chart = await get(viewer, '/assets/chart.umd.min.js');
    assert.equal(chart.status, 200);
    assert.match(chart.body, /Chart\.js v4/);
  });
});

describe('the viewer without usable results', () => {
  it('says clearly that the database is missing, and serves it once it exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-viewer-'));
    const dbPath = join(dir, 'eval.db');
    await using viewer = await startViewer(new ResultsSource(dbPath), 0, logger);
    const missing = await get(viewer, '/');
    assert.equal(missing.status, 503);
    assert.ok(missing.body.includes(`No results database at ${dbPath}`));
    assert.match(missing.body, /<meta http-equiv="refresh" content="3">/, 'reloads until a campaign creates it');
    new ResultsDb(dbPath).close();
    const empty = await get(viewer, '/');
    assert.equal(empty.status, 200);
    assert.match(empty.body, /No campaigns in this database yet/);
    assert.match((await get(viewer, '/compare')).body, /at least two campaigns/);
  });

  it('treats an empty file as a database with no campaigns, and refuses one that is not SQLite', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-viewer-'));
    await writeFile(join(dir, 'empty.db'), '');
    await writeFile(join(dir, 'text.db'), 'this is not a database, just some text that is long enough to have a header');
    await using empty = await startViewer(new ResultsSource(join(dir, 'empty.db')), 0, logger);
    assert.match((await get(empty, '/')).body, /No campaigns in this database yet/);
    await using text = await startViewer(new ResultsSource(join(dir, 'text.db')), 0, logger);
    const refused = await get(text, '/');
    assert.equal(refused.status, 503);
    assert.match(refused.body, /text\.db is not a SQLite database/);
  });
});
