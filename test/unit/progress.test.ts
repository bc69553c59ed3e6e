import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogProgress, ProgressState } from '../../src/campaign/progress.ts';
import { createLogger } from '../../src/log/logger.ts';
import type { TrialRow } from '../../src/store/results-db.ts';

const trial = (ordinal: number, chaos = 'node_kill', baseline = 0) => ({ ordinal, chaos_type: chaos, baseline }) as TrialRow;

describe('campaign progress', () => {
  it('shows one line per slot and an overall line with done/total, successes and ETA', () => {
    const state = new ProgressState();
    state.start({ total: 10, done: 2, successes: 1 }, 0);
    state.setSlot(41, trial(5, 'process_pause', 1), 'starting', 1_000);
    state.setSlot(40, trial(4), 'starting', 1_000);
    state.setSlot(40, undefined, 'detect', 2_000);
    assert.deepEqual(state.lines(4_000), [
      'slot 40: trial 4 node_kill, detect, 2.0 s',
      'slot 41: trial 5 process_pause (baseline), starting, 3.0 s',
      '2/10 done, 1 success(es), ETA -',
    ]);
    state.finished('success');
    state.finished('undetected');
    state.setSlot(41, undefined, 'idle', 20_000);
    // two trials in 20 s in this run: the six left take about 60 s
    assert.deepEqual(state.lines(20_000).slice(1), ['slot 41: idle', '4/10 done, 2 success(es), ETA 60.0 s']);
  });

  it('writes plain log lines when not on a terminal', () => {
    const lines: string[] = [];
    const progress = new LogProgress(createLogger('p', { level: 'info', sink: { write: (l) => lines.push(l) } }));
    progress.start({ total: 2, done: 0, successes: 0 });
    progress.trialStarted(40, trial(0));
    progress.phase(40, 'inject');
    progress.trialFinished(40, trial(0), 'infra_error', true);
    progress.trialFinished(40, trial(0), 'success', false);
    assert.equal(lines.length, 2, 'a start line and an overall line; phases and retries stay at debug');
    assert.match(lines[0]!, /Slot 40: trial 0 \(node_kill\) started/);
    assert.match(lines[1]!, /1\/2 done, 1 success\(es\), ETA [\d.]+ s/);
  });
});
