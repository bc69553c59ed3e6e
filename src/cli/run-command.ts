import { loadCampaign } from '../campaign/load-campaign.ts';
import { runCampaign } from '../campaign/run-campaign.ts';
import { summarize } from '../analysis/summary.ts';
import { ResultsDb } from '../store/results-db.ts';
import type { Logger } from '../log/logger.ts';
import { seconds } from '../log/logger.ts';
import { formatPercent, formatSeconds, printJson, table } from './output.ts';
import { interruptSignals } from './interrupts.ts';

export interface RunCommandOptions {
  db: string;
  keep?: boolean;
  replace?: boolean;
  json?: boolean;
}

export async function runCommand(file: string, options: RunCommandOptions, logger: Logger): Promise<number> {
  const { campaign } = await loadCampaign(file);
  const interrupts = interruptSignals(logger);
  try {
    const result = await runCampaign(campaign, file, {
      dbPath: options.db,
      logger,
      signal: interrupts.signal,
      hurry: interrupts.hurry,
      keep: options.keep,
      replace: options.replace,
    });
    const db = new ResultsDb(options.db, { readonly: true });
    const summary = summarize(db.trials(result.campaignId));
    db.close();
    const waited = result.poolStats.reduce((sum, s) => sum + s.acquireWaitMs, 0);
    if (options.json) {
      printJson({ campaignId: result.campaignId, interrupted: result.interrupted, wallMs: result.wallMs, acquireWaitMs: waited, ...summary });
    } else {
      const outcomes = Object.entries(summary.outcomes).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
      process.stdout.write(
        `\n${table(
          ['campaign', 'trials', 'successes', 'win rate', 'median detect', 'median resolve', 'outcomes', 'wall time'],
          [[result.campaignId, `${summary.finished}/${summary.trials}`, summary.successes, formatPercent(summary.winRate), formatSeconds(summary.medianDetectMs), formatSeconds(summary.medianResolveMs), outcomes, seconds(result.wallMs)]],
        )}\n`,
      );
      if (result.interrupted) process.stdout.write(`Interrupted: ${summary.trials - summary.finished} trial(s) left pending.\n`);
    }
    return result.interrupted ? 130 : 0;
  } finally {
    interrupts.dispose();
  }
}
