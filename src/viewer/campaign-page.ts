import type { GroupAnalysis, WorkloadTotals } from '../analysis/analyze.ts';
import type { TimeSummary } from '../analysis/times.ts';
import type { TrialRow } from '../store/results-db.ts';
import { agentOverall, type CampaignView } from './campaign-view.ts';
import { html, jsonData, type SafeHtml } from './html.ts';
import { formatPercent, formatSeconds, outcomeBadge, page } from './layout.ts';

const LIVE_REFRESH_SECONDS = 3;

export function campaignPage(view: CampaignView): SafeHtml {
  const { campaign, analysis } = view;
  const running = campaign.status === 'running';
  const groups = analysis.groups;
  const infraErrors = view.trials.filter((t) => t.outcome === 'infra_error');
  const body = html`<h1>${campaign.name} <span class="status status-${campaign.status}">${campaign.status}</span></h1>
<p class="muted"><span class="mono">${campaign.id}</span> · variant ${campaign.variant} · seed ${campaign.seed} · parallel ${campaign.parallel} · started <span class="mono">${campaign.created_at}</span>${campaign.finished_at ? html` · ended <span class="mono">${campaign.finished_at}</span>` : ''}${running ? html` · <span class="live">live: reloads every ${LIVE_REFRESH_SECONDS} s</span>` : ''}</p>
${summaryLine(agentOverall(analysis))}
<h2>Win rate by subject and chaos</h2>
${matrix(groups.filter((g) => g.arm === 'agent'), 'with the operator')}
${groups.some((g) => g.arm === 'baseline') ? matrix(groups.filter((g) => g.arm === 'baseline'), 'baseline: no operator (a win is a subject that healed itself)') : ''}
<div class="charts">
<section><h2>Time to resolve</h2><p class="muted">Share of the operator's trials still unresolved after the injection (Kaplan-Meier). Crosses are censored trials: not resolved (or not healthy) within the ${analysis.timeouts.resolveMs / 1000} s timeout.</p><div class="chart"><canvas id="resolve-chart"></canvas></div></section>
<section><h2>Trials per slot</h2><p class="muted">One row per slot, one bar per trial, from the campaign's first trial start; click a bar to open the trial.</p><div class="chart"><canvas id="timeline-chart"></canvas></div></section>
</div>
${jsonData('resolve-data', view.resolveSeries)}
${jsonData('timeline-data', view.timeline)}
<h2>Infrastructure errors <span class="muted">(not scored)</span></h2>
${infraErrors.length === 0 ? html`<p class="muted">None.</p>` : trialTable(infraErrors, true)}
<h2>All trials</h2>
${trialTable(view.trials, false)}`;
  return page({ title: campaign.name, refreshSeconds: running ? LIVE_REFRESH_SECONDS : undefined, charts: true }, body);
}

function summaryLine(agent: GroupAnalysis | undefined): SafeHtml {
  if (!agent) return html`<p class="summary">No operator trials in this campaign.</p>`;
  const rate = agent.winRate;
  return html`<p class="summary">Operator: ${agent.trials - agent.pending}/${agent.trials} trials done · <strong>${rate.successes}/${rate.trials} wins (${formatPercent(rate.estimate)}, 95% ${formatPercent(rate.low)}–${formatPercent(rate.high)})</strong>, infra errors excluded · detect ${timeText(agent.detect)} · resolve ${timeText(agent.resolve)} · ${agent.commands.total} commands (${agent.commands.destructive} destructive, ${agent.commands.thrashing} thrashing)</p>
${agent.workload ? workloadLine(agent.workload) : ''}`;
}

function workloadLine(w: WorkloadTotals): SafeHtml {
  return html`<p class="summary">Client workload over ${w.trials} trial(s): ${w.acknowledged} acknowledged writes, ${w.lost === 0 ? 'none lost' : html`<strong class="error-text">${w.lost} lost in ${w.trialsWithLoss} trial(s)</strong>`} · longest outage ${formatSeconds(w.longestOutageMs)}</p>`;
}

/** A Kaplan-Meier median with its bootstrap interval, or why there is none. */
export function timeText(t: TimeSummary | undefined): string {
  if (!t) return 'median –';
  const median = t.medianMs === undefined ? 'median not reached' : `median ${formatSeconds(t.medianMs)}`;
  const interval = t.medianInterval && t.medianMs !== undefined ? ` (95% ${formatSeconds(t.medianInterval.low)}–${t.medianInterval.high === undefined ? '∞' : formatSeconds(t.medianInterval.high)})` : '';
  return `${median}${interval}${t.censored > 0 ? `, ${t.censored} censored` : ''}`;
}

function matrix(groups: readonly GroupAnalysis[], caption: string): SafeHtml {
  if (groups.length === 0) return html`<p class="muted">No trials ${caption}.</p>`;
  const subjects = [...new Set(groups.map((g) => g.subject))];
  const chaosTypes = [...new Set(groups.map((g) => g.chaosType))];
  const at = (s: string, t: string) => groups.find((g) => g.subject === s && g.chaosType === t);
  return html`<table class="matrix"><caption>${caption}</caption><thead><tr><th>subject \\ chaos</th>${chaosTypes.map((t) => html`<th>${t}</th>`)}</tr></thead><tbody>
${subjects.map((s) => html`<tr><th>${s}</th>${chaosTypes.map((t) => matrixCell(at(s, t)))}</tr>`)}
</tbody></table>`;
}

function matrixCell(group: GroupAnalysis | undefined): SafeHtml {
  if (!group) return html`<td class="empty">–</td>`;
  const rate = group.winRate;
  const tone = rate.estimate === undefined ? 'none' : rate.estimate >= 0.8 ? 'good' : rate.estimate >= 0.5 ? 'fair' : 'poor';
  const unscored = group.trials - rate.trials;
  return html`<td class="cell cell-${tone}"><div class="rate">${formatPercent(rate.estimate)}</div>
<div class="muted">${rate.trials > 0 ? html`95% ${formatPercent(rate.low)}–${formatPercent(rate.high)}` : 'no scored trials'}</div>
<div class="muted">${rate.successes}/${rate.trials} wins${unscored > 0 ? html`, ${unscored} not scored` : ''}</div></td>`;
}

export function trialTable(trials: readonly TrialRow[], withError: boolean): SafeHtml {
  return html`<table class="trials"><thead><tr><th>#</th><th>subject</th><th>chaos</th><th>slot</th><th>project</th><th>outcome</th><th>detect</th><th>resolve</th><th>started</th>${withError ? html`<th>error</th>` : ''}</tr></thead><tbody>
${trials.map(
  (t) => html`<tr><td><a href="/trials/${t.id}">${t.ordinal}</a></td><td>${t.subject}</td><td>${t.chaos_type}${t.baseline ? ' (baseline)' : ''}</td><td class="num">${t.slot ?? '–'}</td><td class="mono">${t.project ?? '–'}</td>
<td>${outcomeBadge(t.status === 'done' ? t.outcome : t.status)}</td><td class="num">${formatSeconds(t.time_to_detect_ms)}</td><td class="num">${formatSeconds(t.time_to_resolve_ms)}</td><td class="mono">${t.started_at ?? '–'}</td>${withError ? html`<td class="error-text">${t.error ?? ''}</td>` : ''}</tr>`,
)}
</tbody></table>`;
}

