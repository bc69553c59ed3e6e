// A stand-in for a harness that dies mid-trial: it brings a slot up, journals
// and injects the chaos types named on its command line, reports, and waits
// to be killed. Usage: crash-harness.ts <db> <slot> <campaign id> <type>...
import { mkdir } from 'node:fs/promises';
import { claimRun } from '../../src/campaign/harness-lock.ts';
import { campaignRunDir } from '../../src/campaign/run-campaign.ts';
import { ResultsDb } from '../../src/store/results-db.ts';
import { CHAOS_TYPES } from '../../src/chaos/registry.ts';
import { bringUp } from '../../src/pool/bring-up.ts';
import { Random } from '../../src/chaos/random.ts';
import { prepareChaosSlot } from './chaos-slot.ts';
import { testLogger } from './docker.ts';

const [dbPath, slotArg, campaignId, ...types] = process.argv.slice(2);
const db = new ResultsDb(dbPath!);
db.createCampaign(
  {
    id: campaignId!,
    name: 'crash',
    file: null,
    config_json: '{}',
    variant: 'none',
    seed: 1,
    parallel: 1,
    created_at: new Date().toISOString(),
    engine: null,
    compose: null,
  },
  [],
);
// holds the run directory as a real harness does, so cleanup can tell it lives
await mkdir(campaignRunDir(dbPath!, campaignId!), { recursive: true });
await claimRun(campaignRunDir(dbPath!, campaignId!), campaignId!);
const slot = await prepareChaosSlot(Number(slotArg), campaignId!);
const logger = testLogger('crash-harness');
await bringUp(slot, 60_000, logger);
const injected = [];
for (const [i, type] of types.entries()) {
  const chaos = CHAOS_TYPES.get(type)!;
  const ctx = { project: slot.project, subject: slot.subject, client: slot.client, random: new Random(i + 1), logger };
  const plan = await chaos.plan(ctx, chaos.params.parse({}));
  db.journalPlanned({
    campaign_id: campaignId!,
    trial_id: null,
    subject: slot.subject.name,
    project: slot.project.name,
    engine_host: slot.project.engine.host ?? null,
    chaos_type: type,
    metadata_json: JSON.stringify(plan.metadata),
  });
  await plan.apply();
  injected.push(plan.metadata);
}
process.stdout.write(`injected ${JSON.stringify(injected)}\n`);
setInterval(() => {}, 60_000);
