import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fisherExact } from '../../src/analysis/stats/fisher-exact.ts';
import { mcnemarExact } from '../../src/analysis/stats/mcnemar-exact.ts';
import { rankTest } from '../../src/analysis/stats/rank-test.ts';

const close = (actual: number, expected: number, digits = 4) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits / 2 + 1e-12, `expected ${expected}, got ${actual}`);

describe("Fisher's exact test", () => {
  it("gives 0.4857 for the lady tasting tea (Fisher 1935: 3 of 4 cups right)", () => {
    close(fisherExact({ aSuccess: 3, aFailure: 1, bSuccess: 1, bFailure: 3 }), 0.4857);
  });

  it('gives 1 for 6/10 vs 7/10', () => {
    close(fisherExact({ aSuccess: 6, aFailure: 4, bSuccess: 7, bFailure: 3 }), 1);
  });

  it('gives 0.0031 for 10/10 vs 3/10', () => {
    close(fisherExact({ aSuccess: 10, aFailure: 0, bSuccess: 3, bFailure: 7 }), 0.0031);
  });

  it('gives 1 when a margin is empty', () => {
    assert.equal(fisherExact({ aSuccess: 5, aFailure: 0, bSuccess: 5, bFailure: 0 }), 1);
  });
});

describe("McNemar's exact test", () => {
  it('is the two-sided binomial probability of the discordant split: 1 vs 8 gives 20/512', () => {
    close(mcnemarExact({ onlyA: 1, onlyB: 8 }), 20 / 512, 8);
  });

  it('is 1 without discordant pairs', () => {
    assert.equal(mcnemarExact({ onlyA: 0, onlyB: 0 }), 1);
  });
});

describe('rank test (Wilcoxon-Mann-Whitney)', () => {
  // Hollander & Wolfe (1973) p. 69, the example of R's wilcox.test: W = 35.
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];

  it('gives U = 35 and the normal-approximation p-value 0.2207', () => {
    const r = rankTest(x, y)!;
    assert.equal(r.u, 35);
    close(r.pValue, 0.2207);
    close(r.probabilityALower, 1 - 35 / 50, 8);
  });

  it('ranks censored times as ties above every observed time', () => {
    const r = rankTest([1, 2, 3, 60, 60], [5, 6, 60, 60, 60])!;
    assert.equal(r.u, 7);
    close(r.pValue, 0.2204);
  });

  it('is undefined for an empty sample and 1 when everything ties', () => {
    assert.equal(rankTest([], [1]), undefined);
    assert.equal(rankTest([60, 60], [60])!.pValue, 1);
  });
});
