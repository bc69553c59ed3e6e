import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapInterval } from '../../src/analysis/stats/bootstrap.ts';
import { quantile } from '../../src/analysis/stats/quantile.ts';
import { kaplanMeier, survivalQuantile, type TimeObservation } from '../../src/analysis/stats/survival.ts';

// Freireich et al. (1963) leukaemia remission times in weeks, as analysed by Gehan (1965)
// and in Kleinbaum & Klein's "Survival Analysis": KM median 23 (6-MP) and 8 (placebo).
const sixMp: TimeObservation[] = [
  [6, false], [6, false], [6, false], [6, true], [7, false], [9, true], [10, false], [10, true], [11, true],
  [13, false], [16, false], [17, true], [19, true], [20, true], [22, false], [23, false], [25, true],
  [32, true], [32, true], [34, true], [35, true],
].map(([ms, censored]) => ({ ms: ms as number, censored: censored as boolean }));
const placebo: TimeObservation[] = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23].map((ms) => ({
  ms,
  censored: false,
}));

describe('Kaplan-Meier', () => {
  it('gives the published medians of the Freireich data: 23 and 8 weeks', () => {
    assert.equal(survivalQuantile(sixMp, 0.5), 23);
    assert.equal(survivalQuantile(placebo, 0.5), 8);
  });

  it('gives the published survival 0.857 at 6, 0.753 at 10 and 0.690 at 13 weeks for 6-MP', () => {
    const curve = kaplanMeier(sixMp);
    assert.equal(curve[0]!.ms, 6);
    assert.ok(Math.abs(curve[0]!.surviving - 0.857) < 0.0005);
    assert.ok(Math.abs(curve.find((s) => s.ms === 10)!.surviving - 0.753) < 0.0005);
    assert.ok(Math.abs(curve.find((s) => s.ms === 13)!.surviving - 0.69) < 0.0005);
  });

  it('equals the ordinary median without censoring, even n included', () => {
    const obs = [4, 1, 3, 2].map((ms) => ({ ms, censored: false }));
    assert.equal(survivalQuantile(obs, 0.5), 2.5);
    assert.equal(survivalQuantile(obs.slice(0, 3), 0.5), 3);
  });

  it('says "not reached" (undefined) when more than half never got there', () => {
    const obs = [{ ms: 5, censored: false }, { ms: 60, censored: true }, { ms: 60, censored: true }];
    assert.equal(survivalQuantile(obs, 0.5), undefined);
    assert.equal(survivalQuantile(obs, 0.3), 5);
  });
});

describe('quantile', () => {
  it('interpolates like R type 7', () => {
    assert.equal(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9.1);
    assert.equal(quantile([], 0.5), undefined);
  });
});

describe('bootstrap interval', () => {
  const median = (xs: readonly number[]) => quantile(xs, 0.5);

  it('gives the same interval for the same seed and a constant for constant data', () => {
    const data = [3, 1, 4, 1, 5, 9, 2, 6];
    assert.deepEqual(bootstrapInterval(data, median, { seed: 7 }), bootstrapInterval(data, median, { seed: 7 }));
    assert.deepEqual(bootstrapInterval([5, 5, 5], median), { low: 5, high: 5, resamples: 2000, seed: 1 });
  });

  it('resamples uniformly: the median of 3 resampled from {1,2,3} is 1 with probability 7/27', () => {
    let ones = 0;
    const resamples = 20_000;
    bootstrapInterval([1, 2, 3], (s) => {
      if (median(s) === 1) ones++;
      return median(s);
    }, { resamples });
    assert.ok(Math.abs(ones / resamples - 7 / 27) < 0.01, `${ones / resamples}`);
  });

  it('leaves the upper end open when resampled medians are often not reached', () => {
    const obs = [{ ms: 1, censored: false }, { ms: 2, censored: false }, { ms: 60, censored: true }, { ms: 60, censored: true }];
    const interval = bootstrapInterval(obs, (s) => survivalQuantile(s, 0.5))!;
    assert.equal(interval.low, 1);
    assert.equal(interval.high, undefined);
  });
});
