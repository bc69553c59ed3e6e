import type { CampaignReport } from '../analysis/report.ts';
import { formatP } from '../analysis/verdict.ts';
import { formatDifference, formatOutcomes, formatRate, formatTimes } from './analysis-format.ts';
import { groupLabel } from './analyze-command.ts';

/** Text from operators and databases goes into table cells: no pipes, no line breaks, no HTML. */
export function cell(value: string | number): string {
  return String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;');
}

function mdTable(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

export function renderMarkdown(r: CampaignReport): string {
  const a = r.analysis;
  const groups = [...a.overall, ...a.groups];
  const parts = [
    `## Gauntlet campaign ${a.campaign.name} (\`${a.campaign.id}\`)`,
    `Variant **${cell(a.campaign.variant)}**, seed ${a.campaign.seed}, ${a.campaign.status}, created ${a.campaign.created_at}.`,
    mdTable(
      ['group', 'outcomes', 'win rate (95% CI)', 'time to detect', 'time to resolve'],
      groups.map((g) => [groupLabel(g), formatOutcomes(g.outcomes), formatRate(g.winRate), formatTimes(g.detect), formatTimes(g.resolve)]),
    ),
    '### Commands',
    mdTable(
      ['group', 'total', 'unique', 'diagnostic', 'remediation', 'destructive', 'other', 'thrashing'],
      groups.map((g) => [groupLabel(g), g.commands.total, g.commands.unique, g.commands.byCategory.diagnostic, g.commands.byCategory.remediation, g.commands.destructive, g.commands.byCategory.other, g.commands.thrashing]),
    ),
  ];
  if (r.destructive.length > 0) {
    parts.push('Destructive commands:', mdTable(['trial', 'command', 'rule', 'why'], r.destructive.map((d) => [d.trialId, `${d.text}`, d.rule, d.why])));
  }
  if (r.thrashing.length > 0) {
    parts.push('Thrashing (the same command 3+ times within 60 s):', mdTable(['trial', 'command', 'times'], r.thrashing.map((t) => [t.trialId, t.text, t.count])));
  }
  if (r.baseline) {
    parts.push(
      '### Against self-healing',
      mdTable(
        ['group', 'operator', 'self-healing', 'difference', 'test', 'verdict'],
        r.baseline.groups.map((g) => [`${g.subject} × ${g.chaosType}`, formatRate(g.a.winRate), formatRate(g.b.winRate), formatDifference(g.winRate.difference), `Fisher p = ${formatP(g.winRate.pValue)}`, g.verdict.text]),
      ),
    );
  }
  const infra = a.groups.flatMap((g) => g.infraErrors.map((e) => `- trial ${e.trialId} (${groupLabel(g)}): ${cell(e.error ?? 'no message')}`));
  if (infra.length > 0) parts.push('### Infrastructure errors (not scored)', infra.join('\n'));
  parts.push(
    '<sub>Win rate: successes over scored trials with a 95% Wilson interval. Times: Kaplan-Meier median and p90, ' +
      `trials that never got there censored at the timeout (detect ${a.timeouts.detectMs / 1000} s, resolve ${a.timeouts.resolveMs / 1000} s); ` +
      'bootstrap 95% interval for the median (2000 resamples, seed 1). Commands: rule-based categories.</sub>',
  );
  return `${parts.join('\n\n')}\n`;
}
