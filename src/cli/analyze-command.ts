import { analyzeCampaign, type CampaignAnalysis, type GroupAnalysis } from '../analysis/analyze.ts';
import { formatOutcomes, formatRate, formatTimes } from './analysis-format.ts';
import { printJson, table } from './output.ts';
import { findCampaign, withResults } from './results-access.ts';

export interface AnalyzeOptions {
  db: string;
  json?: boolean;
}

export async function analyzeCommand(campaignRef: string, options: AnalyzeOptions): Promise<number> {
  return withResults(options.db, (db) => {
    const campaign = findCampaign(db, campaignRef);
    const analysis = analyzeCampaign(campaign, db.trials(campaign.id));
    if (options.json) printJson(analysis);
    else process.stdout.write(renderAnalysis(analysis));
    return 0;
  });
}

export function groupLabel(g: Pick<GroupAnalysis, 'subject' | 'chaosType' | 'arm'>): string {
  const what = g.subject === '*' ? 'all' : `${g.subject} × ${g.chaosType}`;
  return g.arm === 'baseline' ? `${what} (baseline)` : what;
}

export function renderAnalysis(a: CampaignAnalysis): string {
  const rows = [...a.overall, ...a.groups].map((g) => [
    groupLabel(g),
    `${g.trials - g.pending}/${g.trials}`,
    formatOutcomes(g.outcomes),
    formatRate(g.winRate),
    formatTimes(g.detect),
    formatTimes(g.resolve),
    `${g.commands.total} / ${g.commands.unique} / ${g.commands.destructive} / ${g.commands.thrashing}`,
  ]);
  const head = `Campaign ${a.campaign.id} (${a.campaign.name}), variant ${a.campaign.variant}, ${a.campaign.status}`;
  const tableText = table(
    ['group', 'done', 'outcomes', 'win rate (95% CI)', 'time to detect', 'time to resolve', 'commands total / unique / destructive / thrashing'],
    rows,
  );
  const workload = [...a.overall, ...a.groups].flatMap((g) =>
    g.workload
      ? [`  ${groupLabel(g)}: ${g.workload.acknowledged} acknowledged writes over ${g.workload.trials} trial(s), ${g.workload.lost} lost (${g.workload.trialsWithLoss} trial(s) with loss), longest outage ${(g.workload.longestOutageMs / 1000).toFixed(2)} s`]
      : [],
  );
  const infra = a.groups.flatMap((g) => g.infraErrors.map((e) => `  trial ${e.trialId} (#${e.ordinal}, ${groupLabel(g)}): ${e.error ?? 'no message'}`));
  const notes = [
    'Win rate: successes (self_healed for baselines) over scored trials; infrastructure errors are not scored.',
    `Times: Kaplan-Meier median and p90 with a bootstrap 95% interval for the median; trials that never got there are censored at the timeout (detect ${a.timeouts.detectMs / 1000} s, resolve ${a.timeouts.resolveMs / 1000} s), never dropped.`,
  ];
  const workloadText = workload.length > 0 ? `Client workload (acknowledged writes that must survive):\n${workload.join('\n')}\n` : '';
  return `${head}\n${tableText}\n${workloadText}${infra.length > 0 ? `Infrastructure errors (excluded):\n${infra.join('\n')}\n` : ''}${notes.join('\n')}\n`;
}
