import type { ArmComparison, CampaignComparison } from '../analysis/compare.ts';
import { compareCampaigns } from '../analysis/compare.ts';
import { compareWithBaseline, findBaseline } from '../analysis/compare-baseline.ts';
import { compareVariants, type VariantRanking } from '../analysis/compare-variants.ts';
import { formatP } from '../analysis/verdict.ts';
import { formatDifference, formatRate, formatTimes } from './analysis-format.ts';
import { ExitError } from '../exit-error.ts';
import { printJson, table } from './output.ts';
import { campaignTrials, findCampaign, USAGE_EXIT, withResults } from './results-access.ts';

export interface CompareOptions {
  db: string;
  json?: boolean;
  baseline?: string;
}

export async function compareCommand(refA: string, refB: string, options: CompareOptions): Promise<number> {
  return withResults(options.db, (db) => {
    const a = campaignTrials(db, findCampaign(db, refA));
    const b = campaignTrials(db, findCampaign(db, refB));
    const result = compareCampaigns(a, b);
    if (options.json) {
      printJson(result);
      return 0;
    }
    const rows = [
      ...comparisonRows('all', result.overall),
      ...result.groups.flatMap((g) => comparisonRows(`${g.subject} × ${g.chaosType}`, g)),
    ];
    process.stdout.write(`A = ${result.a.variant} (${result.a.id}), B = ${result.b.variant} (${result.b.id}); ${pairingNote(result)}\n`);
    if (result.a.id === result.b.id) process.stdout.write('A and B are the same campaign: there is nothing to tell apart.\n');
    process.stdout.write(`${comparisonTable(rows)}\n`);
    process.stdout.write(`Verdict: ${result.overall.verdict.text}\n`);
    return 0;
  });
}

/** Whether the overall win rates were compared trial by trial, and why not when they were not. */
function pairingNote(result: CampaignComparison): string {
  if (result.overall.winRate.test === 'mcnemar') return "same seeds: trials are paired (McNemar's test)";
  if (result.sameSeeds) return "same seed, but the trials do not pair up one to one: compared as independent samples (Fisher's test)";
  return "different seeds: compared as independent samples (Fisher's test)";
}

export async function compareBaselineCommand(ref: string, options: CompareOptions): Promise<number> {
  return withResults(options.db, (db) => {
    const target = campaignTrials(db, findCampaign(db, ref));
    const found = options.baseline
      ? { source: campaignTrials(db, findCampaign(db, options.baseline)), reason: 'given with --baseline' }
      : findBaseline(target, db.campaigns().map((c) => campaignTrials(db, c)));
    if (!found) {
      throw new ExitError(
        `no baseline trials found for campaign ${target.campaign.id}: run a campaign with include_baseline: true for the same subject and chaos, or pass --baseline <campaign>`,
        USAGE_EXIT,
      );
    }
    const result = compareWithBaseline(target, found.source, found.reason);
    if (result.groups.length === 0) {
      throw new ExitError(`campaign ${found.source.campaign.id} has no finished baseline trials for the subjects and chaos types of ${target.campaign.id}`, USAGE_EXIT);
    }
    if (options.json) {
      printJson(result);
      return 0;
    }
    process.stdout.write(`A = ${result.campaign.variant} operator (${result.campaign.id}), B = self-healing (baselines of ${result.baseline.campaignId}: ${result.baseline.reason})\n`);
    process.stdout.write(`${comparisonTable(result.groups.flatMap((g) => comparisonRows(`${g.subject} × ${g.chaosType}`, g)))}\n`);
    for (const g of result.groups) process.stdout.write(`${g.subject} × ${g.chaosType}: ${g.verdict.text}\n`);
    return 0;
  });
}

export async function compareVariantsCommand(subject: string, chaos: string, options: CompareOptions): Promise<number> {
  return withResults(options.db, (db) => {
    const ranking = compareVariants(subject, chaos, db.campaigns().map((c) => campaignTrials(db, c)));
    if (ranking.variants.length === 0) {
      throw new ExitError(`no campaign in ${db.path} ran ${subject} × ${chaos} with an operator`, USAGE_EXIT);
    }
    if (options.json) {
      printJson(ranking);
      return 0;
    }
    process.stdout.write(renderRanking(ranking));
    return 0;
  });
}

function renderRanking(r: VariantRanking): string {
  const rows = r.variants.map((v) => [
    v.rank,
    v.variant,
    v.campaignIds.join(', '),
    formatRate(v.winRate),
    formatTimes(v.resolve),
    v.versusTop ? v.versusTop.text : 'top',
  ]);
  return `${r.subject} × ${r.chaosType}\n${table(['rank', 'variant', 'campaigns', 'win rate (95% CI)', 'time to resolve', 'against the top variant'], rows)}\n`;
}

function comparisonRows(label: string, c: ArmComparison): Array<Array<string | number>> {
  const test = `${c.winRate.test === 'fisher' ? 'Fisher' : 'McNemar'} p = ${formatP(c.winRate.pValue)}`;
  const rank = c.resolve ? `rank test p = ${formatP(c.resolve.pValue)}` : '-';
  return [
    [label, 'A', formatRate(c.a.winRate), formatDifference(c.winRate.difference), test, formatTimes(c.a.resolve), rank, verdictWord(c)],
    ['', 'B', formatRate(c.b.winRate), '', '', formatTimes(c.b.resolve), '', ''],
  ];
}

function verdictWord(c: ArmComparison): string {
  const basis = c.verdict.basis === 'win_rate' ? ' (win rate)' : c.verdict.basis === 'time_to_resolve' ? ' (time)' : '';
  switch (c.verdict.kind) {
    case 'a_better':
      return `A better${basis}`;
    case 'b_better':
      return `B better${basis}`;
    case 'no_clear_difference':
      return 'no clear difference';
    default:
      return 'not enough data';
  }
}

function comparisonTable(rows: Array<Array<string | number>>): string {
  return table(['group', '', 'win rate (95% CI)', 'A − B', 'win rate test', 'time to resolve', 'time test', 'verdict'], rows);
}
