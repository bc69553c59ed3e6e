import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarize } from '../../src/analysis/summary.ts';
import { fakeTrial, trialsWithWins } from '../fixtures/analysis/trials.ts';

describe('the run summary', () => {
  it('counts never-resolved trials as censored in the median instead of dropping them', () => {
    // 2 resolved at 4.0 and 4.1 s, 4 unresolved: the Kaplan-Meier median is not reached;
    // the median of resolved trials alone (4.05 s) would hide the failures.
    const s = summarize(trialsWithWins(2, 6));
    assert.equal(s.medianResolveMs, undefined);
    assert.equal(s.censoredResolve, 4);
    assert.equal(s.medianDetectMs, 500);
    assert.equal(s.censoredDetect, 0);
  });

  it('scores successes over trials that are not infrastructure errors', () => {
    const s = summarize([...trialsWithWins(4, 5), fakeTrial(9, { outcome: 'infra_error' }), fakeTrial(10, { status: 'pending', outcome: null })]);
    assert.deepEqual([s.trials, s.finished, s.scored, s.successes, s.winRate], [7, 6, 5, 4, 0.8]);
    assert.equal(s.medianResolveMs, 4_200);
  });
});
