import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCampaign } from '../../src/analysis/analyze.ts';
import { compareWithBaseline, findBaseline } from '../../src/analysis/compare-baseline.ts';
import { compareVariants } from '../../src/analysis/compare-variants.ts';
import { fakeCampaign, fakeTrial, trialsWithWins } from '../fixtures/analysis/trials.ts';

describe('analysing a campaign', () => {
  const trials = [
    ...trialsWithWins(8, 10),
    fakeTrial(10, { outcome: 'infra_error', error: 'reset failed', time_to_detect_ms: null, time_to_resolve_ms: null }),
    fakeTrial(11, { outcome: 'undetected', time_to_detect_ms: null, time_to_resolve_ms: null }),
    fakeTrial(12, { baseline: 1, outcome: 'self_healed', time_to_detect_ms: null, time_to_resolve_ms: null }),
    fakeTrial(13, { status: 'pending', outcome: null }),
  ];
  const analysis = analyzeCampaign(fakeCampaign(), trials);
  const agent = analysis.overall.find((g) => g.arm === 'agent')!;

  it('scores wins over scored trials with a Wilson interval, infra errors apart', () => {
    assert.deepEqual(agent.outcomes, { success: 8, unresolved: 2, infra_error: 1, undetected: 1 });
    assert.equal(agent.winRate.successes, 8);
    assert.equal(agent.winRate.trials, 11);
    assert.ok(Math.abs(agent.winRate.low - 0.4344) < 0.0005 && Math.abs(agent.winRate.high - 0.9026) < 0.0005);
    assert.deepEqual(agent.infraErrors, [{ trialId: 11, ordinal: 10, error: 'reset failed' }]);
    assert.equal(agent.pending, 1);
  });

  it('keeps censored times and says how many', () => {
    assert.deepEqual([agent.detect!.observed, agent.detect!.censored, agent.detect!.censoredAtMs], [10, 1, 60_000]);
    assert.deepEqual([agent.resolve!.observed, agent.resolve!.censored, agent.resolve!.censoredAtMs], [8, 3, 120_000]);
    // 11 trials, 8 resolved at 4.0..4.7 s: the KM curve passes one half at the 6th time.
    assert.equal(agent.resolve!.medianMs, 4_500);
    assert.equal(agent.resolve!.p90Ms, undefined, 'p90 is not reached with 3 of 11 censored');
    assert.ok(agent.resolve!.medianInterval!.low! <= 4_500);
  });

  it('keeps baselines in their own group, without times', () => {
    const baseline = analysis.groups.find((g) => g.arm === 'baseline')!;
    assert.equal(baseline.winRate.successes, 1);
    assert.equal(baseline.resolve, undefined);
    assert.equal(analysis.groups.length, 2);
  });
});

describe('agent against self-healing', () => {
  const own = fakeCampaign({ id: 'agent-only' });
  const agentTrials = trialsWithWins(9, 10);
  const withBaselines = fakeCampaign({ id: 'healing', created_at: '2026-11-30T00:00:00Z' });
  const healTrials = Array.from({ length: 10 }, (_, i) => fakeTrial(i, { baseline: 1, outcome: i < 1 ? 'self_healed' : 'not_healed' }));

  it('finds the newest campaign with baselines for the same combination', () => {
    const found = findBaseline({ campaign: own, trials: agentTrials }, [
      { campaign: own, trials: agentTrials },
      { campaign: fakeCampaign({ id: 'other-chaos' }), trials: [fakeTrial(0, { baseline: 1, chaos_type: 'pause' })] },
      { campaign: withBaselines, trials: healTrials },
    ]);
    assert.equal(found?.source.campaign.id, 'healing');
  });

  it('prefers the campaign\'s own baselines', () => {
    const mixed = [...agentTrials, ...healTrials.map((t) => ({ ...t, ordinal: t.ordinal + 20 }))];
    assert.equal(findBaseline({ campaign: own, trials: mixed }, [])?.source.campaign.id, 'agent-only');
  });

  it('shows the operator beating self-healing 9/10 vs 1/10', () => {
    const result = compareWithBaseline({ campaign: own, trials: agentTrials }, { campaign: withBaselines, trials: healTrials }, 'test');
    assert.equal(result.groups.length, 1);
    assert.equal(result.groups[0]!.verdict.kind, 'a_better');
    assert.equal(result.groups[0]!.resolve, undefined);
  });
});

describe('ranking variants', () => {
  it('ranks by win rate, and says when the lead is not clear', () => {
    const same = () => 4_000;
    const ranking = compareVariants('etcd', 'node_kill', [
      { campaign: fakeCampaign({ id: 'a1', variant: 'strong' }), trials: trialsWithWins(7, 10, {}, same) },
      { campaign: fakeCampaign({ id: 'b1', variant: 'weak' }), trials: trialsWithWins(1, 10, {}, same) },
      { campaign: fakeCampaign({ id: 'a2', variant: 'strong' }), trials: trialsWithWins(10, 10, {}, same) },
      { campaign: fakeCampaign({ id: 'c1', variant: 'close' }), trials: trialsWithWins(14, 20, {}, same) },
      { campaign: fakeCampaign({ id: 'x', variant: 'elsewhere' }), trials: trialsWithWins(5, 5, { subject: 'tikv' }) },
    ]);
    assert.deepEqual(ranking.variants.map((v) => [v.rank, v.variant, v.winRate.successes, v.winRate.trials]), [
      [1, 'strong', 17, 20],
      [2, 'close', 14, 20],
      [3, 'weak', 1, 10],
    ]);
    assert.deepEqual(ranking.variants[0]!.campaignIds, ['a1', 'a2']);
    assert.equal(ranking.variants[0]!.versusTop, undefined);
    assert.equal(ranking.variants[1]!.versusTop!.kind, 'no_clear_difference');
    assert.equal(ranking.variants[2]!.versusTop!.kind, 'a_better');
  });
});
