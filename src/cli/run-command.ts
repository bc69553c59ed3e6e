import { loadCampaign } from '../campaign/load-campaign.ts';
import { TerminalProgress, type ProgressListener } from '../campaign/progress.ts';
import { findCampaign, withResults } from './results-access.ts';
import { resumeCampaign, runCampaign, type CampaignRunOptions, type CampaignRunResult } from '../campaign/run-campaign.ts';
import type { Campaign } from '../campaign/campaign-schema.ts';
import { summarize } from '../analysis/summary.ts';
import { ResultsDb } from '../store/results-db.ts';
import { createLogger, levelFromEnv, type Logger } from '../log/logger.ts';
import { seconds } from '../log/logger.ts';
import { warnAboutOpenJournal } from '../chaos/undo-journal.ts';
import { ExitError } from '../exit-error.ts';
import { formatPercent, formatSeconds, printJson, table } from './output.ts';
import { interruptSignals, shutdownReport } from './interrupts.ts';

export interface RunCommandOptions {
  db: string;
  keep?: boolean;
  replace?: boolean;
  json?: boolean;
  resume?: string;
  /** commander's negation of --no-progress */
  progress?: boolean;
  operatorRunning?: boolean;
  operatorStore?: string;
  variantsDir?: string;
}

export async function runCommand(file: string | undefined, options: RunCommandOptions, logger: Logger): Promise<number> {
  if (options.resume && file) throw new ExitError('give either a campaign file or --resume <id>, not both', 2);
  if (!options.resume && !file) throw new ExitError('give a campaign file, or --resume <id> to finish an earlier run', 2);
  if (options.operatorStore && !options.operatorRunning) throw new ExitError('--operator-store needs --operator-running', 2);
  if (options.operatorRunning && !options.operatorStore) {
    throw new ExitError('--operator-running needs --operator-store <path>: the ticket store your operator writes ({slot} for the slot number)', 2);
  }
  const loaded = file ? await loadCampaign(file, { variantsDir: options.variantsDir }) : undefined;
  for (const warning of loaded?.warnings ?? []) logger.warn(warning);
  if (options.resume) {
    // the same names as every other command: an id, a unique prefix, a name or `latest`
    const { row, unfinished } = await withResults(options.db, (db) => {
      const found = findCampaign(db, options.resume!);
      return { row: found, unfinished: db.unfinishedTrials(found.id).length };
    });
    if (unfinished === 0) {
      process.stderr.write(`Campaign ${row.id} (${row.name}) has no trial left to run (${row.status}); nothing to resume.\n`);
      return 0;
    }
    options = { ...options, resume: row.id };
  }
  warnAboutOpenJournal(options.db, logger);
  return runLoaded(loaded?.campaign, file, options, logger);
}

/** Runs a loaded campaign (or resumes one) with progress and prints its summary. */
export async function runLoaded(
  campaign: Campaign | undefined,
  file: string | undefined,
  options: RunCommandOptions,
  logger: Logger,
): Promise<number> {
  const terminal = options.progress !== false && process.stderr.isTTY ? new TerminalProgress(process.stderr) : undefined;
  const runLogger = terminal ? createLogger('gauntlet', { level: levelFromEnv(), sink: terminal.sink }) : logger;
  const interrupts = interruptSignals(runLogger);
  try {
    const runOptions: CampaignRunOptions = {
      dbPath: options.db,
      logger: runLogger,
      signal: interrupts.signal,
      hurry: interrupts.hurry,
      keep: options.keep,
      replace: options.replace,
      variantsDir: options.variantsDir,
      operatorStore: options.operatorRunning ? options.operatorStore : undefined,
      progress: terminal satisfies ProgressListener | undefined,
    };
    const result = campaign ? await runCampaign(campaign, file, runOptions) : await resumeCampaign(options.resume!, runOptions);
    printSummary(result, options);
    return result.interrupted ? 130 : 0;
  } finally {
    interrupts.dispose();
  }
}

function printSummary(result: CampaignRunResult, options: RunCommandOptions): void {
  const db = new ResultsDb(options.db, { readonly: true });
  const summary = summarize(db.trials(result.campaignId));
  db.close();
  const waited = result.poolStats.reduce((sum, s) => sum + s.acquireWaitMs, 0);
  if (options.json) {
    printJson({ campaignId: result.campaignId, interrupted: result.interrupted, requeued: result.requeued, wallMs: result.wallMs, acquireWaitMs: waited, pools: result.poolStats, ...summary });
    return;
  }
  const outcomes = Object.entries(summary.outcomes).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
  process.stdout.write(
    `\n${table(
      ['campaign', 'trials', 'successes', 'win rate', 'median detect', 'median resolve', 'outcomes', 'wall time'],
      [[result.campaignId, `${summary.finished}/${summary.trials}`, summary.successes, formatPercent(summary.winRate), formatSeconds(summary.medianDetectMs), formatSeconds(summary.medianResolveMs), outcomes, seconds(result.wallMs)]],
    )}\n`,
  );
  if (result.interrupted) {
    process.stdout.write(`Interrupted: ${summary.trials - summary.finished} trial(s) left pending; finish them with: gauntlet run --resume ${result.campaignId} --db ${options.db}\n`);
  }
  process.stdout.write(shutdownReport(result.poolStats, result.campaignId));
}
