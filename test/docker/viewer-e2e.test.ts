import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ResultsDb, type TrialRow } from '../../src/store/results-db.ts';
import { ResultsSource } from '../../src/viewer/results-source.ts';
import { startViewer, type RunningViewer } from '../../src/viewer/server.ts';
import { runTestCampaign, type TestCampaignRun } from '../support/campaigns.ts';
import { requireEngine, tempDir, testLogger } from '../support/docker.ts';
import { TEST_VARIANTS_DIR } from '../support/trials.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve('test-artifacts/viewer');
const HOSTILE_COMMAND = 'docker exec etcd0 sh -c "<script>window.pwned = 1</script>"';
// Generous: a loaded machine can take minutes to bring clusters up; this bounds a wait, it measures nothing.
const WAIT_MS = 400_000;

function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no browser at ${CHROMIUM}: the viewer's end-to-end test needs Debian's chromium (apt-get update && apt-get install -y chromium)`);
  }
}

async function launchChromium(): Promise<{ context: BrowserContext; profile: string }> {
  const profile = await mkdtemp(join(tmpdir(), 'gauntlet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { context, profile };
}

/** A page that fails the test on any script error or console error (a CSP violation included). */
async function openPage(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The 503 of the page that says the database does not exist yet is expected.
    if (message.type() === 'error' && !/status of 503/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** What the page's scripts see; the test's TypeScript has no DOM types. */
interface BrowserGlobals {
  Chart: { getChart(canvas: unknown): { data: { labels?: string[]; datasets: Array<{ label: string; data: unknown[] }> } } | undefined };
  document: { getElementById(id: string): unknown };
  pwned?: number;
}

/** Chart.js datasets drawn on a canvas, by label, with their point counts, and the category labels. */
function chartOf(page: Page, canvasId: string): Promise<{ datasets: Record<string, number>; labels: string[] }> {
  return page.evaluate((id) => {
    const g = globalThis as unknown as BrowserGlobals;
    const chart = g.Chart.getChart(g.document.getElementById(id));
    return {
      datasets: Object.fromEntries((chart?.data.datasets ?? []).map((d) => [d.label, d.data.length])),
      labels: chart?.data.labels ?? [],
    };
  }, canvasId);
}

/** Outcome counts of the trials, as the pages should show them. */
function outcomeCounts(trials: readonly TrialRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of trials) counts[t.outcome!] = (counts[t.outcome!] ?? 0) + 1;
  return counts;
}

/** The operator's successes: the runbook operator usually wins them all, but a loaded machine can cost one. */
function agentWins(run: TestCampaignRun): { wins: number; scored: number } {
  const agent = run.trials.filter((t) => t.baseline === 0);
  return { wins: agent.filter((t) => t.outcome === 'success').length, scored: agent.length };
}

/** Adds a command with markup in it to a finished trial, as a hostile operator could have logged it. */
function logHostileCommand(dbPath: string, trial: TrialRow): Promise<void> {
  const db = new ResultsDb(dbPath);
  const commands = JSON.parse(trial.commands_json!);
  commands.push({ id: 999, timestamp: Date.now(), entryType: 'command', toolName: undefined, toolParams: HOSTILE_COMMAND, exitCode: 0 });
  db.db.prepare('UPDATE trials SET commands_json = ? WHERE id = ?').run(JSON.stringify(commands), trial.id);
  db.close();
  return appendFile(trial.operator_log!, `${HOSTILE_COMMAND}\n`);
}

describe('the viewer in a real browser on a real campaign', { timeout: 1_800_000 }, () => {
  let context: BrowserContext;
  let profile: string;
  let viewer: RunningViewer;
  let dbPath: string;
  let first: TestCampaignRun;
  let second: TestCampaignRun;
  const problems: string[] = [];

  before(async () => {
    requireChromium();
    await requireEngine();
    await mkdir(SHOTS, { recursive: true });
    ({ context, profile } = await launchChromium());
    dbPath = join(await tempDir('viewer-e2e'), 'eval.db');
    viewer = await startViewer(new ResultsSource(dbPath), 0, testLogger('viewer'));
  });

  after(async () => {
    await viewer?.close();
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('says that the database is missing before any campaign ran', async () => {
    const page = await openPage(context, []);
    const response = await page.goto(`${viewer.url}/`);
    assert.equal(response?.status(), 503);
    await page.getByText(`No results database at ${dbPath}`).waitFor();
    await shot(page, '0-missing-database');
    await page.close();
  });

  it('shows a campaign live while it runs, and its end without a manual reload', async () => {
    const running = runTestCampaign(
      // The default resolve timeout: the baseline trial waits it out, but on a loaded machine
      // a shorter one leaves the operator's own repairs unresolved.
      { name: 'viewer-e2e', first_slot: 56, parallel: 3, trials_per_combination: 4, include_baseline: 1 },
      { dbPath },
    );
    const page = await openPage(context, problems);
    await page.goto(`${viewer.url}/`);
    // The page reloads itself: first the database appears, then the campaign runs.
    await page.locator('tr[data-campaign] .status-running').waitFor({ timeout: WAIT_MS });
    await page.getByText('live: a campaign is running').waitFor();
    await page.locator('tr[data-campaign] .badge').first().waitFor({ timeout: WAIT_MS });
    await shot(page, '1-campaigns-running');
    first = await running;
    await page.locator('tr[data-campaign] .status-finished').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.live').count(), 0);
    await page.close();
  });

  it('shows the finished campaigns newest first with outcomes and win rates', async () => {
    // Too short a resolve timeout for the runbook operator: its trials end unresolved, censored.
    // an operator that opens tickets and never resolves them: censored whatever the machine's speed
    const savedKey = process.env.GAUNTLET_TEST_API_KEY;
    process.env.GAUNTLET_TEST_API_KEY = 'viewer-e2e-key';
    try {
      second = await runTestCampaign(
        { name: 'viewer-e2e-never-resolved', first_slot: 56, parallel: 2, trials_per_combination: 2, variant: 'scripted-open', timeouts: { resolve_seconds: 5 } },
        { dbPath, variantsDir: TEST_VARIANTS_DIR },
      );
    } finally {
      if (savedKey === undefined) delete process.env.GAUNTLET_TEST_API_KEY;
      else process.env.GAUNTLET_TEST_API_KEY = savedKey;
    }
    assert.deepEqual(second.trials.map((t) => t.outcome), ['unresolved', 'unresolved']);
    const page = await openPage(context, problems);
    await page.goto(`${viewer.url}/`);
    const rows = page.locator('tr[data-campaign]');
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-campaign'))), [second.campaignId, first.campaignId]);
    const firstRow = (await rows.nth(1).textContent())!;
    assert.match(firstRow, /viewer-e2e/);
    assert.match(firstRow, /5\/5/);
    const badges = Object.entries(outcomeCounts(first.trials)).sort(([a], [b]) => a.localeCompare(b));
    assert.match(firstRow, new RegExp(badges.map(([o, n]) => `${o}\\s*${n}`).join('\\s*')));
    const { wins, scored } = agentWins(first);
    assert.ok(wins >= 2, `the runbook operator won ${wins} of ${scored}`);
    assert.match(firstRow, new RegExp(`${Math.round((100 * wins) / scored)}%${wins}/${scored} · 95% \\d+%–\\d+%`), 'the operator win rate leaves the baseline out');
    assert.match((await rows.nth(0).textContent())!, /unresolved\s*2.*0%0\/2/s);
    await shot(page, '2-campaigns');
    await page.close();
  });

  it('shows the campaign: matrix with intervals, time-to-resolve, slots timeline', async () => {
    const page = await openPage(context, problems);
    await page.goto(`${viewer.url}/campaigns/${first.campaignId}`);
    const withOperator = page.locator('table.matrix').first();
    assert.match((await withOperator.textContent())!, /node_kill/);
    const { wins, scored } = agentWins(first);
    assert.match((await withOperator.textContent())!, /95% \d+%–\d+%/);
    assert.match((await withOperator.textContent())!, new RegExp(`${wins}/${scored} wins`));
    const baseline = page.locator('table.matrix').nth(1);
    assert.match((await baseline.locator('caption').textContent())!, /baseline/);
    assert.match((await baseline.textContent())!, /0\/1 wins/, 'a killed etcd member stays down without an operator');
    const censored = scored - wins;
    assert.deepEqual(
      (await chartOf(page, 'resolve-chart')).datasets,
      { node_kill: 2 + new Set(first.trials.flatMap((t) => (t.baseline === 0 && t.outcome === 'success' ? [t.time_to_resolve_ms] : []))).size, ...(censored > 0 ? { [`node_kill (${censored} censored)`]: censored } : {}) },
      'the curve: its start, a step per resolution time, its end; crosses for the censored trials',
    );
    const timeline = await chartOf(page, 'timeline-chart');
    assert.deepEqual(timeline.datasets, outcomeCounts(first.trials));
    const used = [...new Set(first.trials.map((t) => t.slot!))].sort((x, y) => x - y);
    assert.deepEqual(timeline.labels, used.map((s) => `slot ${s}`));
    assert.ok(used.length >= 3 && used.every((s) => s >= 56 && s <= 59), `trials ran on slots ${used.join(', ')}`);
    assert.match((await page.locator('h2:has-text("Infrastructure errors") + p').textContent())!, /None/);
    await shot(page, '3-campaign');
    await page.close();
  });

  it('shows censored trials as such in the time to resolve', async () => {
    const page = await openPage(context, problems);
    await page.goto(`${viewer.url}/campaigns/${second.campaignId}`);
    assert.deepEqual((await chartOf(page, 'resolve-chart')).datasets, { node_kill: 2, 'node_kill (2 censored)': 2 });
    assert.match((await page.locator('.summary').textContent())!, /median not reached.*2 censored/);
    await shot(page, '4-campaign-censored');
    await page.close();
  });

  it('shows a trial: phases with exact times, chaos, commands with category and rule, state diff, operator log', async () => {
    const trial = first.trials.find((t) => t.baseline === 0 && t.outcome === 'success')!;
    await logHostileCommand(dbPath, trial);
    const page = await openPage(context, problems);
    await page.goto(`${viewer.url}/trials/${trial.id}`);
    const phases = page.locator('table.phases tbody tr');
    const recorded = JSON.parse(trial.phases_json!) as Array<{ phase: string; startedAt: string }>;
    assert.deepEqual(await phases.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')!.textContent)), recorded.map((p) => p.phase));
    assert.equal(await phases.first().locator('td').nth(1).textContent(), recorded[0]!.startedAt);
    assert.deepEqual((await chartOf(page, 'phase-chart')).labels, recorded.map((p) => p.phase));
    const chaos = JSON.parse(trial.chaos_json!);
    assert.ok((await page.locator('pre.json').first().textContent())!.includes(`"service": "${chaos.target.service}"`));
    assert.match((await page.locator('table.tickets').textContent())!, /resolved/);
    const repair = page.locator('table.commands tr', { hasText: `start ${trial.project}` }).first();
    assert.equal(await repair.locator('.category').textContent(), 'remediation');
    assert.match((await repair.textContent())!, /start-member/);
    const hostile = page.locator('table.commands td.command', { hasText: '<script>' });
    assert.equal(await hostile.textContent(), HOSTILE_COMMAND, 'the command shows as text');
    assert.equal(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).pwned), undefined, 'the command did not run');
    assert.equal(await page.locator('main script:not([type="application/json"])').count(), 0);
    assert.ok((await page.locator('pre.log').textContent())!.includes(HOSTILE_COMMAND), 'the operator log shows as text');
    assert.match((await page.locator('h2:has-text("State before and after") + p').textContent())!, /\d+ of \d+ values changed/);
    await shot(page, '5-trial');
    await page.close();
  });

  it('compares the two campaigns with the verdict of gauntlet compare', async () => {
    const page = await openPage(context, problems);
    await page.goto(`${viewer.url}/compare?a=${first.campaignId}&b=${second.campaignId}`);
    const { wins, scored } = agentWins(first);
    assert.match((await page.locator('.verdict').textContent())!, /no clear difference between runbook \(\S+\) and scripted-open|runbook \(\S+\) wins more often than scripted-open/);
    const cells = page.locator('table.compare-cells tbody tr');
    assert.equal(await cells.count(), 1, 'baselines are left out');
    assert.match((await cells.first().textContent())!, new RegExp(`${Math.round((100 * wins) / scored)}% \\(${wins}/${scored}, .*\\)0% \\(0/2, .*\\)\\+${Math.round((100 * wins) / scored)} pts`));
    assert.match((await cells.first().textContent())!, /Fisher's exact p = \d\.\d{3}/);
    await shot(page, '6-compare');
    await page.close();
  });

  it('raised no script error or console error on any page', () => {
    assert.deepEqual(problems, []);
  });
});
