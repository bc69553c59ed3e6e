import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCampaign } from '../../src/campaign/load-campaign.ts';
import { expandMatrix } from '../../src/campaign/matrix.ts';
import { repoPath } from '../../src/paths.ts';

const dir = repoPath('campaigns');
const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('campaign files', () => {
  it('has campaigns to check', () => assert.ok(files.includes('quickstart.yaml')));

  for (const name of files) {
    it(`${name} validates, with its subjects' Compose files and its port plan`, async () => {
      const { campaign, portPlans } = await loadCampaign(join(dir, name));
      assert.ok(expandMatrix(campaign).length > 0);
      assert.equal(portPlans.length, campaign.subjects.length);
      for (const plan of portPlans) assert.deepEqual(plan.problems, []);
    });
  }
});
