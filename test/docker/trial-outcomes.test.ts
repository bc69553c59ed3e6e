import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { summarize } from '../../src/analysis/summary.ts';
import type { TrialRow } from '../../src/store/results-db.ts';
import { runTestCampaign } from '../support/campaigns.ts';
import { leftovers, requireEngine } from '../support/docker.ts';
import { filesContaining, processesOfCampaign, TEST_CHAOS_TYPES, TEST_SECRET, TEST_VARIANTS_DIR } from '../support/trials.ts';

/** Short limits for the scripted operators, which act within a second or never; longer for the runbook's repairs. */
const timeouts = { detect_seconds: 15, resolve_seconds: 15, operator_ready_seconds: 30 };
const runbookTimeouts = { detect_seconds: 60, resolve_seconds: 60, operator_ready_seconds: 30 };

async function runWith(variant: string, extra: Record<string, unknown> = {}) {
  const run = await runTestCampaign(
    { first_slot: 40, parallel: 1, trials_per_combination: 1, variant, timeouts: variant === 'runbook' ? runbookTimeouts : timeouts, ...extra },
    { variantsDir: TEST_VARIANTS_DIR, chaosTypes: TEST_CHAOS_TYPES },
  );
  assert.deepEqual(await leftovers(run.campaignId), { containers: [], networks: [], volumes: [] });
  assert.deepEqual(await processesOfCampaign(run.campaignId), [], 'no operator outlives the campaign');
  assert.deepEqual(await filesContaining(dirname(run.dbPath), TEST_SECRET), [], 'the API key is in no result file');
  return run;
}

function only(trials: TrialRow[]): TrialRow {
  assert.equal(trials.length, 1);
  return trials[0]!;
}

describe('trial outcomes, each produced for real on etcd', { timeout: 600_000 }, () => {
  const savedSecret = process.env.GAUNTLET_TEST_API_KEY;
  before(async () => {
    await requireEngine();
    process.env.GAUNTLET_TEST_API_KEY = TEST_SECRET;
  });
  after(() => {
    if (savedSecret === undefined) delete process.env.GAUNTLET_TEST_API_KEY;
    else process.env.GAUNTLET_TEST_API_KEY = savedSecret;
  });

  it('success with the runbook operator, and a baseline trial that does not heal', async () => {
    const run = await runWith('runbook', { parallel: 2, include_baseline: true });
    const agent = run.trials.find((t) => t.baseline === 0)!;
    const baseline = run.trials.find((t) => t.baseline === 1)!;
    assert.equal(run.trials.length, 2);
    assert.equal(agent.outcome, 'success');
    assert.ok(agent.time_to_detect_ms! >= 0 && agent.time_to_detect_ms! <= agent.time_to_resolve_ms!);
    assert.equal(baseline.outcome, 'not_healed', 'a killed etcd member stays down without an operator');
    assert.equal(baseline.operator_json, null);
    assert.equal(baseline.tickets_json, null);
  });

  it('undetected: the operator never opens a ticket', async () => {
    const trial = only((await runWith('scripted-never')).trials);
    assert.equal(trial.outcome, 'undetected');
    assert.equal(trial.detected_at, null);
    assert.equal(JSON.parse(trial.operator_json!).exitedEarly, false);
  });

  it('unresolved: the operator opens a ticket and never resolves it', async () => {
    const trial = only((await runWith('scripted-open')).trials);
    assert.equal(trial.outcome, 'unresolved');
    assert.ok(trial.time_to_detect_ms! >= 0);
    assert.equal(trial.resolved_at, null);
    const tickets = JSON.parse(trial.tickets_json!);
    assert.equal(tickets.length, 1);
    assert.match(tickets[0].summary, /\[redacted GAUNTLET_TEST_API_KEY\]/);
  });

  it('false_resolution: the operator resolves the ticket without a repair', async () => {
    const trial = only((await runWith('scripted-resolve')).trials);
    assert.equal(trial.outcome, 'false_resolution');
    assert.ok(trial.time_to_resolve_ms! >= trial.time_to_detect_ms!);
    assert.equal(JSON.parse(trial.state_after_json!).health.healthy, false);
  });

  it('an operator that exits early is reported as such, not waited for', async () => {
    const trial = only((await runWith('scripted-crash')).trials);
    assert.equal(trial.outcome, 'undetected');
    const operator = JSON.parse(trial.operator_json!);
    assert.equal(operator.exitedEarly, true);
    assert.equal(operator.exitCode, 3);
    assert.match(trial.notes!, /operator exited early \(exit code 3\) [\d.]+ s after the injection/);
    const detect = JSON.parse(trial.phases_json!).find((p: { phase: string }) => p.phase === 'detect');
    assert.ok(Date.parse(detect.endedAt) < Date.parse(trial.chaos_injected_at!) + timeouts.detect_seconds * 1000, 'detection stopped before its deadline');
  });

  it('infra_error: a failed injection is retried, recorded with its error and left out of the rates', async () => {
    const run = await runWith('runbook', { chaos_types: ['node_kill', 'broken_kill'], infra_retries: 1, parallel: 2 });
    const broken = run.trials.find((t) => t.chaos_type === 'broken_kill')!;
    assert.equal(broken.outcome, 'infra_error');
    assert.equal(broken.status, 'done');
    assert.equal(broken.attempts, 2, 'one try and one retry');
    assert.match(broken.error!, /could not inject broken_kill: .*NOSUCHSIGNAL/);
    const summary = summarize(run.trials);
    assert.deepEqual([summary.scored, summary.successes, summary.winRate], [1, 1, 1]);
  });
});
