import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CampaignInput } from '../src/campaign/campaign-schema.ts';
import { ResultsDb, type TrialRow } from '../src/store/results-db.ts';

export interface CampaignMeasurement {
  parallel: number;
  campaignId: string;
  wallMs: number;
  acquireWaitMs: number;
  /** Every reset the pools did between trials, in ms. */
  resetsMs: number[];
  /** How many of those resets were recycles. */
  recycles: number;
  peakRssMb: number;
  trials: TrialRow[];
}

const BIN = new URL('../bin/gauntlet.mjs', import.meta.url).pathname;

/**
 * Runs a campaign through the real CLI in a child process, sampling the
 * harness's peak resident memory (VmHWM) while it runs.
 */
export async function measureCampaign(dir: string, input: CampaignInput): Promise<CampaignMeasurement> {
  const file = join(dir, `${input.name}.yaml`);
  const dbPath = join(dir, `${input.name}.db`);
  await writeFile(file, stringify(input));
  const child = spawn(process.execPath, [BIN, 'run', file, '--db', dbPath, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, GAUNTLET_LOG_LEVEL: process.env.GAUNTLET_LOG_LEVEL ?? 'warn' },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let peakKb = 0;
  const sampler = setInterval(() => {
    void readFile(`/proc/${child.pid}/status`, 'utf8')
      .then((status) => {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peakKb = Math.max(peakKb, kb);
      })
      .catch(() => {});
  }, 200);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`campaign ${input.name} exited with ${code}: ${stdout}`);
  const summary = JSON.parse(stdout) as { campaignId: string; wallMs: number; acquireWaitMs: number; pools: Array<{ resets: number[]; recycles: number }> };
  const db = new ResultsDb(dbPath, { readonly: true });
  const trials = db.trials(summary.campaignId);
  db.close();
  return {
    parallel: input.parallel ?? 1,
    campaignId: summary.campaignId,
    wallMs: summary.wallMs,
    acquireWaitMs: summary.acquireWaitMs,
    resetsMs: summary.pools.flatMap((p) => p.resets),
    recycles: summary.pools.reduce((sum, p) => sum + p.recycles, 0),
    peakRssMb: peakKb / 1024,
    trials,
  };
}

/**
 * Where the campaign's time goes, summed over trials per phase, with the
 * pool's resets between trials and the time workers waited for a slot.
 */
export function phaseBreakdown(m: CampaignMeasurement): Record<string, number> {
  const totals: Record<string, number> = {
    'slot reset (pool, between trials)': m.resetsMs.reduce((a, b) => a + b, 0),
    'waiting for a slot (acquire)': m.acquireWaitMs,
  };
  for (const t of m.trials) {
    for (const p of JSON.parse(t.phases_json ?? '[]') as Array<{ phase: string; ms: number }>) {
      totals[p.phase] = (totals[p.phase] ?? 0) + p.ms;
    }
  }
  return totals;
}

/** Harness-seen time minus the operator's own ticket timestamp, per detected trial. */
export function detectionLags(trials: readonly TrialRow[]): number[] {
  return trials.flatMap((t) =>
    t.detected_at && t.detection_seen_at ? [Date.parse(t.detection_seen_at) - Date.parse(t.detected_at)] : [],
  );
}
