import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { analyzeCampaign } from '../../src/analysis/analyze.ts';
import { compareCampaigns } from '../../src/analysis/compare.ts';
import { run } from '../../src/process/run.ts';
import { ResultsDb } from '../../src/store/results-db.ts';
import { runTestCampaign } from '../support/campaigns.ts';
import { leftovers, requireEngine, tempDir } from '../support/docker.ts';

const VARIANTS = fileURLToPath(new URL('../fixtures/analysis/variants/', import.meta.url));
const GAUNTLET = fileURLToPath(new URL('../../bin/gauntlet.mjs', import.meta.url));
const TRIALS = 5;

describe('comparing a fast and a slow operator on real etcd clusters', { timeout: 600_000 }, () => {
  let dbPath: string;
  let fast: string;
  let slow: string;

  before(async () => {
    await requireEngine();
    dbPath = `${await tempDir('analysis')}/eval.db`;
    // A long resolve timeout: the slow operator must still resolve, so time (not win rate) separates them.
    const common = { trials_per_combination: TRIALS, parallel: 2, seed: 5 };
    const timeouts = { resolve_seconds: 300 };
    fast = (await runTestCampaign({ ...common, name: 'fast', first_slot: 50, variant: 'runbook', timeouts }, { dbPath, variantsDir: VARIANTS })).campaignId;
    // The slow operator starts 20 s late; inject after 1 s instead of waiting for it.
    slow = (
      await runTestCampaign(
        { ...common, name: 'slow', first_slot: 52, variant: 'runbook-slow', timeouts: { ...timeouts, operator_ready_seconds: 1 } },
        { dbPath, variantsDir: VARIANTS },
      )
    ).campaignId;
  });

  it('ran every trial and left nothing behind', async () => {
    const db = new ResultsDb(dbPath, { readonly: true });
    try {
      for (const id of [fast, slow]) {
        const trials = db.trials(id);
        assert.equal(trials.length, TRIALS);
        assert.ok(trials.every((t) => t.status === 'done' && t.outcome !== 'infra_error'), JSON.stringify(trials.map((t) => [t.outcome, t.error])));
        assert.deepEqual(await leftovers(id), { containers: [], networks: [], volumes: [] });
      }
      const slowAnalysis = analyzeCampaign(db.campaign(slow)!, db.trials(slow));
      const fastAnalysis = analyzeCampaign(db.campaign(fast)!, db.trials(fast));
      assert.ok(slowAnalysis.overall[0]!.detect!.medianMs! > fastAnalysis.overall[0]!.detect!.medianMs!);
    } finally {
      db.close();
    }
  });

  it('compare ranks the runbook operator above its slow variant, in either order, paired by seed', async () => {
    const compare = async (a: string, b: string) => {
      const { stdout } = await run(process.execPath, [GAUNTLET, 'compare', a, b, '--db', dbPath, '--json'], { timeoutMs: 60_000 });
      return JSON.parse(stdout) as ReturnType<typeof compareCampaigns>;
    };
    const forward = await compare(fast, slow);
    assert.equal(forward.sameSeeds, true);
    assert.equal(forward.overall.winRate.test, 'mcnemar');
    assert.equal(forward.overall.verdict.kind, 'a_better', forward.overall.verdict.text);
    assert.ok(forward.overall.resolve!.probabilityALower > 0.5);
    assert.equal(forward.groups[0]!.verdict.kind, 'a_better');
    const backward = await compare(slow, fast);
    assert.equal(backward.overall.verdict.kind, 'b_better', backward.overall.verdict.text);
  });

  it('compare-variants puts runbook first and says how sure', async () => {
    const { stdout } = await run(process.execPath, [GAUNTLET, 'compare-variants', 'etcd', 'node_kill', '--db', dbPath, '--json'], { timeoutMs: 60_000 });
    const ranking = JSON.parse(stdout) as { variants: Array<{ variant: string; versusTop?: { kind: string } }> };
    assert.deepEqual(ranking.variants.map((v) => v.variant), ['runbook', 'runbook-slow']);
    assert.equal(ranking.variants[1]!.versusTop!.kind, 'a_better');
  });
});
