import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../src/analysis/summary.ts';
import { table } from '../src/cli/output.ts';
import { detectCompose } from '../src/compose/compose-cli.ts';
import { DockerEngine } from '../src/engine/docker-engine.ts';
import { run } from '../src/process/run.ts';
import { detectionLags, measureCampaign, phaseBreakdown, type CampaignMeasurement } from './measure-campaign.ts';
import { measureReset } from './measure-reset.ts';

// Benchmarks use slots from 0 with a port stride of 1000, so eight etcd slots fit.
const STRIDE = 1000;
const RESET_ROUNDS = Number(process.env.BENCH_RESET_ROUNDS ?? 3);
const SPEEDUP_TRIALS = Number(process.env.BENCH_TRIALS ?? 12);

function campaign(name: string, parallel: number, trials: number, spareSlots = 0, reset: 'full' | 'recycle' = 'full') {
  return {
    spare_slots: spareSlots,
    reset,
    name,
    subjects: ['etcd'],
    chaos_types: ['node_kill'],
    trials_per_combination: trials,
    parallel,
    port_stride: STRIDE,
    first_slot: 0,
    variant: 'runbook',
  };
}

async function main(): Promise<void> {
  const engine = new DockerEngine();
  const compose = await detectCompose(engine);
  const dir = await mkdtemp(join(tmpdir(), 'gauntlet-bench-'));
  const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

  log(`speedup: ${SPEEDUP_TRIALS} node_kill trials at parallel 1...`);
  const serial = await measureCampaign(dir, campaign('serial', 1, SPEEDUP_TRIALS));
  log(`speedup: the same at parallel 3...`);
  const parallel3 = await measureCampaign(dir, campaign('parallel3', 3, SPEEDUP_TRIALS));
  log('slot wait: the parallel 3 campaign again with one warm spare slot...');
  const spare3 = await measureCampaign(dir, campaign('parallel3spare', 3, SPEEDUP_TRIALS, 1));
  log('recycle: the same campaign at parallel 1 and 3 with reset: recycle...');
  const serialRecycle = await measureCampaign(dir, campaign('serialrecycle', 1, SPEEDUP_TRIALS, 0, 'recycle'));
  const parallel3Recycle = await measureCampaign(dir, campaign('parallel3recycle', 3, SPEEDUP_TRIALS, 0, 'recycle'));
  log('footprint: 8 trials at parallel 8...');
  const parallel8 = await measureCampaign(dir, campaign('parallel8', 8, 8));
  log(`reset: harness against raw Compose, ${RESET_ROUNDS} rounds each...`);
  const reset = await measureReset(engine, dir, 9, RESET_ROUNDS);

  const lags = [...detectionLags(serial.trials), ...detectionLags(parallel3.trials)];
  const figures = {
    speedup: ratio(serial.wallMs, parallel3.wallMs),
    resetRatio: ratio(median(reset.harnessMs)!, median(reset.rawMs)!),
    slotWaitShare: waitShare(parallel3),
    slotWaitShareWithSpare: waitShare(spare3),
    speedupWithSpare: ratio(serial.wallMs, spare3.wallMs),
    recycleRatio: ratio(median(reset.recycleMs)!, median(reset.rawMs)!),
    speedupRecycle: ratio(serialRecycle.wallMs, parallel3Recycle.wallMs),
    speedupRecycleAgainstFullSerial: ratio(serial.wallMs, parallel3Recycle.wallMs),
    slotWaitShareRecycle: waitShare(parallel3Recycle),
    detectionLagMedianMs: median(lags) ?? null,
    detectionLagMaxMs: lags.length > 0 ? Math.max(...lags) : null,
    peakRssMbParallel3: round(parallel3.peakRssMb),
    peakRssMbParallel8: round(parallel8.peakRssMb),
  };
  const result = {
    at: new Date().toISOString(),
    commit: (await run('git', ['rev-parse', '--short', 'HEAD']).catch(() => ({ stdout: 'unknown' }))).stdout.trim(),
    cores: cpus().length,
    compose: compose ? `${compose.kind} ${compose.version}` : 'none',
    figures,
    context: {
      wallMs: {
        parallel1: serial.wallMs,
        parallel3: parallel3.wallMs,
        parallel3spare: spare3.wallMs,
        parallel1recycle: serialRecycle.wallMs,
        parallel3recycle: parallel3Recycle.wallMs,
        parallel8: parallel8.wallMs,
      },
      resetMs: reset,
      acquireWaitMs: { parallel1: serial.acquireWaitMs, parallel3: parallel3.acquireWaitMs, parallel3spare: spare3.acquireWaitMs },
      outcomes: {
        parallel1: outcomes(serial),
        parallel3: outcomes(parallel3),
        parallel3spare: outcomes(spare3),
        parallel1recycle: outcomes(serialRecycle),
        parallel3recycle: outcomes(parallel3Recycle),
        parallel8: outcomes(parallel8),
      },
      recycles: { parallel1recycle: serialRecycle.recycles, parallel3recycle: parallel3Recycle.recycles },
      phaseMsParallel3: phaseBreakdown(parallel3),
    },
  };
  process.stdout.write(`${renderFigures(result.figures)}\n\nWhere parallel 3's time goes (ms summed over trials and slots; resets overlap the waits):\n`);
  process.stdout.write(`${table(['phase', 'ms', 'share'], phaseRows(result.context.phaseMsParallel3))}\n`);
  await mkdir('bench/results', { recursive: true });
  const file = join('bench/results', `${result.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\n${result.cores} cores, Compose ${result.compose}, commit ${result.commit}; written to ${file}\n`);
}

function renderFigures(f: Record<string, number | null>): string {
  const rows: Array<[string, string, string]> = [
    ['parallel speedup (wall p1 / wall p3)', fmt(f.speedup, 2), '>= 2.4'],
    ['reset cost (harness / raw compose)', fmt(f.resetRatio, 2), '<= 1.15'],
    ['parallel speedup with 1 spare slot (4 clusters)', fmt(f.speedupWithSpare, 2), ''],
    ['slot wait share at parallel 3', pct(f.slotWaitShare), '< 10%'],
    ['slot wait share at parallel 3 with 1 spare slot', pct(f.slotWaitShareWithSpare), '< 10%'],
    ['reset: recycle cost (recycle / raw compose)', fmt(f.recycleRatio, 2), ''],
    ['parallel speedup with reset: recycle (p1 / p3, both recycle)', fmt(f.speedupRecycle, 2), '>= 2.4'],
    ['parallel 3 with recycle against parallel 1 with full resets', fmt(f.speedupRecycleAgainstFullSerial, 2), ''],
    ['slot wait share at parallel 3 with reset: recycle', pct(f.slotWaitShareRecycle), '< 10%'],
    ['detection lag, median (harness saw - ticket)', `${fmt(f.detectionLagMedianMs, 0)} ms`, '<= 250 ms'],
    ['detection lag, max', `${fmt(f.detectionLagMaxMs, 0)} ms`, '<= 250 ms'],
    ['harness peak RSS at parallel 3', `${fmt(f.peakRssMbParallel3, 0)} MB`, ''],
    ['harness peak RSS at parallel 8', `${fmt(f.peakRssMbParallel8, 0)} MB`, '< 200 MB'],
  ];
  return table(['figure', 'measured', 'target'], rows);
}

/** Time workers spent blocked in acquire(), as a share of their combined wall time. */
function waitShare(m: CampaignMeasurement): number {
  return m.acquireWaitMs / (m.wallMs * m.parallel);
}

function outcomes(m: CampaignMeasurement): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of m.trials) counts[t.outcome ?? 'none'] = (counts[t.outcome ?? 'none'] ?? 0) + 1;
  return counts;
}

function phaseRows(ms: Record<string, number>): string[][] {
  const total = Object.values(ms).reduce((a, b) => a + b, 0);
  return Object.entries(ms)
    .sort((a, b) => b[1] - a[1])
    .map(([phase, v]) => [phase, String(v), pct(v / total)]);
}

const ratio = (a: number, b: number) => round(a / b, 3);
const round = (v: number, digits = 1) => Number(v.toFixed(digits));
const fmt = (v: number | null | undefined, digits: number) => (v == null ? '-' : v.toFixed(digits));
const pct = (v: number | null | undefined) => (v == null ? '-' : `${(v * 100).toFixed(1)}%`);

await main();
