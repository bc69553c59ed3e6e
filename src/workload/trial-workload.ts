import { z } from 'zod';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../process/run.ts';
import type { SubjectClient } from '../subjects/subject.ts';
import type { Workload, WorkloadReport } from './workload.ts';

export const workloadConfigSchema = z
  .strictObject({
    writes_per_second: z.number().positive().max(500).default(20).describe('Writes per second of unique keys.'),
    reads_per_write: z.int().min(0).max(10).default(1).describe('Reads of a recent key after each write.'),
    max_writes: z.int().min(1).max(100_000).default(5_000).describe('The workload stops after this many writes.'),
    max_seconds: z.number().positive().max(7_200).default(600).describe('The workload stops after this long.'),
  })
  .describe('A client workload run from the injection to the final capture; its acknowledged writes must survive.');

export type WorkloadConfig = z.output<typeof workloadConfigSchema>;

/** Starts the subject's workload for one trial, when the campaign asks for one. */
export function startTrialWorkload(
  config: WorkloadConfig | false,
  client: SubjectClient,
  keyPrefix: string,
): Workload | undefined {
  if (!config || !client.startWorkload) return undefined;
  return client.startWorkload({
    writesPerSecond: config.writes_per_second,
    readsPerWrite: config.reads_per_write,
    maxWrites: config.max_writes,
    maxSeconds: config.max_seconds,
    keyPrefix,
  });
}

export type WorkloadOutcome = { report: WorkloadReport } | { error: string };

/** Stops the workload and checks every acknowledged write; a failed check is recorded, not thrown. */
export async function finishTrialWorkload(workload: Workload, logger: Logger): Promise<WorkloadOutcome> {
  try {
    const report = await workload.verify();
    if (report.writesLost > 0) logger.warn(`${report.writesLost} acknowledged write(s) lost`);
    return { report };
  } catch (error) {
    await workload.stop().catch(() => {});
    logger.warn(`Could not check the workload's writes: ${describeError(error)}`);
    return { error: describeError(error) };
  }
}

/** Lost acknowledged writes outrank every scored outcome: such a trial is never a success. */
export function withDataLoss<O extends string>(outcome: O, workload: WorkloadOutcome | undefined): O | 'data_loss' {
  if (outcome === 'infra_error' || !workload || !('report' in workload)) return outcome;
  return workload.report.writesLost > 0 ? 'data_loss' : outcome;
}
