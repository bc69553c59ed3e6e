import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyOutcome } from '../../src/trial/outcome.ts';

describe('trial outcome', () => {
  const cases = [
    [{ baseline: false, detected: true, resolved: true, healthyAtEnd: true }, 'success'],
    [{ baseline: false, detected: false, resolved: false, healthyAtEnd: false }, 'undetected'],
    [{ baseline: false, detected: true, resolved: false, healthyAtEnd: true }, 'unresolved'],
    [{ baseline: false, detected: true, resolved: true, healthyAtEnd: false }, 'false_resolution'],
    [{ baseline: true, detected: false, resolved: true, healthyAtEnd: true }, 'self_healed'],
    [{ baseline: true, detected: false, resolved: false, healthyAtEnd: false }, 'not_healed'],
  ] as const;
  for (const [evidence, expected] of cases) {
    it(`is ${expected} for ${JSON.stringify(evidence)}`, () => {
      assert.equal(classifyOutcome(evidence), expected);
    });
  }
});
