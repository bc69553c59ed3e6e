import { describeTrial, type TrialDetail } from '../analysis/trial-detail.ts';
import { dirname, join, resolve } from 'node:path';
import { classifyTrialCommands, type ClassifiedCommand } from '../analysis/commands.ts';
import { llmClassifierFromEnv } from '../analysis/llm-classifier.ts';
import type { CampaignRow, TrialRow } from '../store/results-db.ts';
import { ExitError } from '../exit-error.ts';
import { formatSeconds, printJson, table } from './output.ts';
import { findCampaign, USAGE_EXIT, withResults } from './results-access.ts';

export interface ShowOptions {
  db: string;
  json?: boolean;
  trial?: string;
  llmClassify?: boolean;
}

export async function showCommand(campaignRef: string | undefined, options: ShowOptions): Promise<number> {
  return withResults(options.db, async (db) => {
    if (options.trial !== undefined) {
      const id = Number(options.trial);
      if (!/^\d+$/.test(String(options.trial)) || !Number.isSafeInteger(id)) {
        throw new ExitError(`--trial expects a trial id (a whole number, as \`gauntlet show <campaign>\` lists them), got ${JSON.stringify(options.trial)}`, USAGE_EXIT);
      }
      const trial = db.trial(id);
      if (!trial) throw new ExitError(`no trial with id ${id} in ${db.path}; \`gauntlet show <campaign>\` lists the ids`, USAGE_EXIT);
      const detail = describeTrial(trial);
      if (options.llmClassify) detail.commands = await refineWithLlm(detail.commands, options.db);
      if (options.json) printJson(detail);
      else process.stdout.write(renderTrial(detail));
      return 0;
    }
    if (!campaignRef) throw new ExitError('show needs a campaign (id, prefix, name or "latest") or --trial <id>', USAGE_EXIT);
    const campaign = findCampaign(db, campaignRef);
    const trials = db.trials(campaign.id);
    if (options.json) printJson({ campaign: { ...campaign, config: JSON.parse(campaign.config_json) }, trials: trials.map(describeTrial) });
    else process.stdout.write(renderCampaign(campaign, trials));
    return 0;
  });
}

async function refineWithLlm(commands: ClassifiedCommand[], dbPath: string): Promise<ClassifiedCommand[]> {
  const classifier = llmClassifierFromEnv(process.env, join(dirname(resolve(dbPath)), 'gauntlet-llm-cache.json'));
  if (typeof classifier === 'string') throw new ExitError(`--llm-classify: ${classifier}`, USAGE_EXIT);
  return classifier.refine(commands);
}

function renderCampaign(c: CampaignRow, trials: TrialRow[]): string {
  const head = [
    `Campaign ${c.id} (${c.name}): ${c.status}`,
    `  variant ${c.variant}, seed ${c.seed}, parallel ${c.parallel}, created ${c.created_at}${c.finished_at ? `, finished ${c.finished_at}` : ''}`,
    `  file ${c.file ?? '-'}; engine ${c.engine ?? '-'}; compose ${c.compose ?? '-'}`,
  ].join('\n');
  const rows = trials.map((t) => {
    const commands = classifyTrialCommands(t);
    const destructive = commands.filter((k) => k.category === 'destructive').length;
    return [
      t.id,
      t.ordinal,
      `${t.subject} ${t.chaos_type}${t.baseline ? ' (baseline)' : ''}`,
      t.slot ?? '-',
      t.outcome ?? t.status,
      formatSeconds(t.time_to_detect_ms),
      formatSeconds(t.time_to_resolve_ms),
      `${commands.length}${destructive > 0 ? ` (${destructive} destructive)` : ''}`,
      (t.error ?? '').slice(0, 60),
    ];
  });
  const body = table(['trial', '#', 'subject chaos', 'slot', 'outcome', 'detect', 'resolve', 'commands', 'error'], rows);
  return `${head}\n${body}\nShow one trial with: gauntlet show --trial <trial>\n`;
}

function renderTrial(d: TrialDetail): string {
  const refined = d.commands.some((c) => c.refined);
  const lines = [
    `Trial ${d.id} (#${d.ordinal} of campaign ${d.campaignId}): ${d.outcome ?? d.status}${d.error ? ` — ${d.error}` : ''}`,
    `  ${d.subject} ${d.chaosType}${d.baseline ? ' (baseline)' : ''}, seed ${d.seed}, slot ${d.slot ?? '-'} (${d.project ?? '-'}), attempts ${d.attempts}`,
    `  injected ${d.chaosInjectedAt ?? '-'}; detect ${formatSeconds(d.timeToDetectMs)}; resolve ${formatSeconds(d.timeToResolveMs)}`,
    `  chaos ${JSON.stringify(d.chaos ?? null)}`,
    `  operator log ${d.operatorLog ?? '-'}; operator ${JSON.stringify(d.operator ?? null)}`,
    `  workload ${describeWorkload(d.workload)}`,
    '',
    table(['phase', 'started', 'ended', 'took', 'error'], d.phases.map((p) => [p.phase, p.startedAt, p.endedAt, formatSeconds(p.ms), p.error ?? ''])),
    table(
      ['ticket', 'status', 'opened', 'resolved', 'summary'],
      d.tickets.map((k) => [k.id, k.status, relative(k.openedAfterInjectionMs), relative(k.resolvedAfterInjectionMs), k.summary.slice(0, 60)]),
    ),
    table(
      ['at', 'command', 'exit', 'category', 'rule', ...(refined ? ['refined'] : [])],
      d.commands.map((c) => [
        relative(d.chaosInjectedAt ? c.timestamp - Date.parse(d.chaosInjectedAt) : undefined),
        c.text,
        c.exitCode ?? '-',
        c.category,
        c.rule,
        ...(refined ? [c.refined ? `${c.refined.category}: ${c.refined.reason}` : '-'] : []),
      ]),
    ),
    ...d.thrashing.map((e) => `thrashing: "${e.text}" ${e.count} times within ${formatSeconds(e.lastAt - e.firstAt)}`),
    `state before: ${JSON.stringify(d.stateBefore ?? null)}`,
    `state after:  ${JSON.stringify(d.stateAfter ?? null)}`,
  ];
  return `${lines.join('\n')}\n`;
}

function describeWorkload(workload: unknown): string {
  if (workload === undefined) return 'none';
  const w = workload as { report?: Record<string, number>; error?: string };
  if (!w.report) return `not checked: ${w.error ?? 'unknown error'}`;
  const r = w.report;
  return `${r.writesAttempted} writes, ${r.writesAcknowledged} acknowledged, ${r.writesFailed} failed, ${r.writesLost} lost; longest outage ${formatSeconds(r.longestOutageMs)}`;
}

/** Seconds relative to the injection, e.g. "+3.20 s". */
function relative(ms: number | undefined): string {
  return ms === undefined ? '-' : `${ms >= 0 ? '+' : '−'}${formatSeconds(Math.abs(ms))}`;
}
