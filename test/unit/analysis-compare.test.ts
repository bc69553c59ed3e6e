import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareArms, compareCampaigns } from '../../src/analysis/compare.ts';
import { pairTrials } from '../../src/analysis/pairing.ts';
import { fakeCampaign, fakeTrial, trialsWithWins } from '../fixtures/analysis/trials.ts';

const timeouts = { detectMs: 60_000, resolveMs: 120_000 };
const arm = (label: string, trials: ReturnType<typeof trialsWithWins>) => ({ label, trials, timeouts });

describe('comparing two arms', () => {
  it('says "no clear difference" for 6/10 vs 7/10', () => {
    const c = compareArms(arm('A', trialsWithWins(6, 10)), arm('B', trialsWithWins(7, 10)));
    assert.equal(c.verdict.kind, 'no_clear_difference');
    assert.match(c.verdict.text, /^no clear difference between A and B/);
    assert.equal(c.winRate.test, 'fisher');
    assert.equal(c.winRate.pValue, 1);
    assert.ok(Math.abs(c.winRate.difference.estimate! + 0.1) < 1e-12);
    assert.ok(c.winRate.difference.low < 0 && c.winRate.difference.high > 0);
  });

  it('names the winner by win rate for 10/10 vs 3/10 (Fisher p = 0.0031)', () => {
    const c = compareArms(arm('A', trialsWithWins(10, 10)), arm('B', trialsWithWins(3, 10)));
    assert.equal(c.verdict.kind, 'a_better');
    assert.equal(c.verdict.basis, 'win_rate');
    assert.ok(Math.abs(c.winRate.pValue - 0.0031) < 0.00005);
    assert.match(c.verdict.text, /A wins more often than B/);
  });

  it('says a result is borderline when the interval excludes zero but the exact test does not reject (7/10 vs 2/10)', () => {
    const c = compareArms(arm('A', trialsWithWins(7, 10)), arm('B', trialsWithWins(2, 10)));
    assert.ok(c.winRate.difference.low > 0, 'the interval excludes zero');
    assert.ok(c.winRate.pValue > 0.05);
    assert.equal(c.verdict.kind, 'no_clear_difference');
    assert.match(c.verdict.text, /borderline: the interval excludes no difference but the exact test does not reach 0\.05/);
  });

  it('says nothing of the edge when interval and test agree', () => {
    const c = compareArms(arm('A', trialsWithWins(6, 10)), arm('B', trialsWithWins(7, 10)));
    assert.doesNotMatch(c.verdict.text, /borderline/);
  });

  it('names the faster one when win rates tie and times separate', () => {
    const fast = trialsWithWins(5, 5, {}, (i) => 3_000 + i * 100);
    const slow = trialsWithWins(5, 5, {}, (i) => 12_000 + i * 100);
    const c = compareArms(arm('fast', fast), arm('slow', slow));
    assert.equal(c.verdict.kind, 'a_better');
    assert.equal(c.verdict.basis, 'time_to_resolve');
    assert.equal(c.resolve!.probabilityALower, 1);
    // Complete separation of 5 vs 5: z = 12.5 / sqrt(25 * 11 / 12) = 2.611, p = 0.0090.
    assert.ok(Math.abs(c.resolve!.pValue - 0.009) < 0.0001, `${c.resolve!.pValue}`);
    const reversed = compareArms(arm('slow', slow), arm('fast', fast));
    assert.equal(reversed.verdict.kind, 'b_better');
  });

  it('does not call 2 vs 2 trials a difference even when every time separates', () => {
    const c = compareArms(arm('fast', trialsWithWins(2, 2, {}, () => 1_000)), arm('slow', trialsWithWins(2, 2, {}, () => 9_000)));
    assert.equal(c.verdict.kind, 'no_clear_difference');
  });

  it('counts failures as censored at the timeout, never drops them', () => {
    const c = compareArms(arm('A', trialsWithWins(3, 5)), arm('B', trialsWithWins(5, 5)));
    assert.equal(c.a.resolve!.observed, 3);
    assert.equal(c.a.resolve!.censored, 2);
    assert.equal(c.a.resolve!.censoredAtMs, 120_000);
    assert.deepEqual(c.resolve!.n, [5, 5]);
  });

  it('says so when one side has no scored trials', () => {
    const c = compareArms(arm('A', trialsWithWins(3, 3, { outcome: 'infra_error' })), arm('B', trialsWithWins(3, 3)));
    assert.equal(c.verdict.kind, 'not_enough_data');
  });
});

describe('comparing campaigns that ran the same seeds', () => {
  it('pairs trials and uses McNemar: 9 pairs where only B won, 1 where only A did', () => {
    const a = Array.from({ length: 12 }, (_, i) => fakeTrial(i, i < 1 || i >= 10 ? {} : { outcome: 'unresolved', time_to_resolve_ms: null }));
    const b = Array.from({ length: 12 }, (_, i) => fakeTrial(i, { campaign_id: 'c2', ...(i === 0 ? { outcome: 'unresolved', time_to_resolve_ms: null } : {}) }));
    const result = compareCampaigns({ campaign: fakeCampaign(), trials: a }, { campaign: fakeCampaign({ id: 'c2', variant: 'other' }), trials: b });
    assert.equal(result.sameSeeds, true);
    assert.equal(result.overall.winRate.test, 'mcnemar');
    assert.deepEqual(result.overall.winRate.pairs, { bothWon: 2, onlyA: 1, onlyB: 9, neitherWon: 0 });
    // Two-sided binomial: 2 * P(X <= 1 | n = 10, p = 1/2) = 22/1024.
    assert.ok(Math.abs(result.overall.winRate.pValue - 22 / 1024) < 1e-9);
    assert.equal(result.overall.verdict.kind, 'b_better');
    assert.equal(result.groups.length, 1);
  });

  it('falls back to Fisher when the seeds differ', () => {
    const result = compareCampaigns(
      { campaign: fakeCampaign(), trials: trialsWithWins(6, 10) },
      { campaign: fakeCampaign({ id: 'c2', seed: 2 }), trials: trialsWithWins(7, 10) },
    );
    assert.equal(result.sameSeeds, false);
    assert.equal(result.overall.winRate.test, 'fisher');
    assert.equal(result.overall.verdict.kind, 'no_clear_difference');
  });
});

describe('pairing trials', () => {
  it('pairs by subject, chaos type, arm and seed, and reports the rest', () => {
    const a = [fakeTrial(0), fakeTrial(1), fakeTrial(2, { chaos_type: 'pause' })];
    const b = [fakeTrial(1), fakeTrial(0), fakeTrial(3)];
    const p = pairTrials(a, b);
    assert.deepEqual(p.pairs.map(([x, y]) => [x.ordinal, y.ordinal]), [[0, 0], [1, 1]]);
    assert.deepEqual(p.unpairedA.map((t) => t.ordinal), [2]);
    assert.deepEqual(p.unpairedB.map((t) => t.ordinal), [3]);
  });
});
