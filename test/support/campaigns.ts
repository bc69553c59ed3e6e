import { join } from 'node:path';
import { campaignSchema, type CampaignInput } from '../../src/campaign/campaign-schema.ts';
import { runCampaign, type CampaignRunOptions } from '../../src/campaign/run-campaign.ts';
import { ResultsDb, type TrialRow } from '../../src/store/results-db.ts';
import { engine, TEST_PORT_STRIDE, tempDir, testLogger } from './docker.ts';

export interface TestCampaignRun {
  campaignId: string;
  dbPath: string;
  trials: TrialRow[];
  result: Awaited<ReturnType<typeof runCampaign>>;
}

/** Runs a small real campaign on the test engine and reads its trials back. */
export async function runTestCampaign(
  input: Partial<CampaignInput> & { first_slot: number },
  options: Partial<CampaignRunOptions> = {},
): Promise<TestCampaignRun> {
  const campaign = campaignSchema.parse({
    name: 'test',
    subjects: ['etcd'],
    chaos_types: ['node_kill'],
    trials_per_combination: 2,
    port_stride: TEST_PORT_STRIDE,
    ...input,
  });
  const dbPath = options.dbPath ?? join(await tempDir('campaign'), 'eval.db');
  const result = await runCampaign(campaign, undefined, {
    dbPath,
    logger: testLogger('campaign'),
    signal: new AbortController().signal,
    engine,
    ...options,
  });
  const db = new ResultsDb(dbPath, { readonly: true });
  const trials = db.trials(result.campaignId);
  db.close();
  return { campaignId: result.campaignId, dbPath, trials, result };
}
