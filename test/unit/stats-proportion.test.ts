import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { differenceInterval, wilsonInterval } from '../../src/analysis/stats/proportion.ts';

const close = (actual: number, expected: number, digits = 4) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits / 2 + 1e-12, `expected ${expected}, got ${actual}`);

describe('Wilson score interval', () => {
  it('gives about 0.49 to 0.94 for 8 of 10', () => {
    const p = wilsonInterval(8, 10);
    assert.equal(p.estimate, 0.8);
    close(p.low, 0.4902);
    close(p.high, 0.9433);
  });

  // Newcombe (1998), Statistics in Medicine 17:857-872, table II, method 3.
  const published = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ] as const;
  for (const [k, n, low, high] of published) {
    it(`matches the published interval for ${k}/${n}`, () => {
      const p = wilsonInterval(k, n);
      close(p.low, low);
      close(p.high, high);
    });
  }

  it('has no estimate and the whole range for no trials', () => {
    assert.deepEqual(wilsonInterval(0, 0), { successes: 0, trials: 0, estimate: undefined, low: 0, high: 1 });
  });

  it('refuses impossible counts', () => {
    assert.throws(() => wilsonInterval(11, 10), /0 <= successes <= trials/);
  });
});

describe('difference of two proportions (Newcombe hybrid score)', () => {
  // Newcombe (1998), Statistics in Medicine 17:873-890, table II, method 10.
  const published = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
  ] as const;
  for (const [ka, na, kb, nb, low, high] of published) {
    it(`matches the published interval for ${ka}/${na} - ${kb}/${nb}`, () => {
      const d = differenceInterval(wilsonInterval(ka, na), wilsonInterval(kb, nb));
      close(d.low, low);
      close(d.high, high);
    });
  }

  it('contains zero for 6/10 vs 7/10', () => {
    const d = differenceInterval(wilsonInterval(6, 10), wilsonInterval(7, 10));
    assert.ok(d.low < 0 && d.high > 0, JSON.stringify(d));
  });
});
