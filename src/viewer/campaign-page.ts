import type { TrialRow } from '../store/results-db.ts';
import { type CampaignView, type MatrixCell } from './campaign-view.ts';
import { html, jsonData, type SafeHtml } from './html.ts';
import { formatPercent, formatSeconds, outcomeBadge, page } from './layout.ts';

const LIVE_REFRESH_SECONDS = 3;

export function campaignPage(view: CampaignView): SafeHtml {
  const { campaign, summary } = view;
  const running = campaign.status === 'running';
  const body = html`<h1>${campaign.name} <span class="status status-${campaign.status}">${campaign.status}</span></h1>
<p class="muted"><span class="mono">${campaign.id}</span> · variant ${campaign.variant} · parallel ${campaign.parallel} · started <span class="mono">${campaign.created_at}</span>${campaign.finished_at ? html` · ended <span class="mono">${campaign.finished_at}</span>` : ''}${running ? html` · <span class="live">live: reloads every ${LIVE_REFRESH_SECONDS} s</span>` : ''}</p>
<p class="summary">${summary.finished}/${summary.trials} trials done · ${summary.successes}/${summary.scored} wins (infra errors excluded) · median detect ${formatSeconds(summary.medianDetectMs)} · median resolve ${formatSeconds(summary.medianResolveMs)}</p>
<h2>Win rate by subject and chaos</h2>
${matrix(view.cells.filter((c) => !c.baseline), 'with operator')}
${view.cells.some((c) => c.baseline) ? matrix(view.cells.filter((c) => c.baseline), 'baseline: no operator') : ''}
<div class="charts">
<section><h2>Time to resolve</h2><p class="muted">Fraction of trials still unresolved after injection (Kaplan-Meier); crosses are censored trials, not resolved when the harness stopped watching.</p><div class="chart"><canvas id="resolve-chart"></canvas></div></section>
<section><h2>Trials per slot</h2><p class="muted">One row per slot, one bar per trial, from the campaign's first trial start; click a bar to open the trial.</p><div class="chart"><canvas id="timeline-chart"></canvas></div></section>
</div>
${jsonData('resolve-data', view.resolveSeries)}
${jsonData('timeline-data', view.timeline)}
<h2>Infrastructure errors <span class="muted">(not scored)</span></h2>
${view.infraErrors.length === 0 ? html`<p class="muted">None.</p>` : trialTable(view.infraErrors, true)}
<h2>All trials</h2>
${trialTable(view.trials, false)}`;
  return page({ title: campaign.name, refreshSeconds: running ? LIVE_REFRESH_SECONDS : undefined, charts: true }, body);
}

function matrix(cells: readonly MatrixCell[], caption: string): SafeHtml {
  if (cells.length === 0) return html`<p class="muted">No trials ${caption}.</p>`;
  const subjects = [...new Set(cells.map((c) => c.subject))];
  const chaosTypes = [...new Set(cells.map((c) => c.chaosType))];
  const cellAt = (s: string, t: string) => cells.find((c) => c.subject === s && c.chaosType === t);
  return html`<table class="matrix"><caption>${caption}</caption><thead><tr><th>subject \\ chaos</th>${chaosTypes.map((t) => html`<th>${t}</th>`)}</tr></thead><tbody>
${subjects.map((s) => html`<tr><th>${s}</th>${chaosTypes.map((t) => matrixCell(cellAt(s, t)))}</tr>`)}
</tbody></table>`;
}

function matrixCell(cell: MatrixCell | undefined): SafeHtml {
  if (!cell) return html`<td class="empty">–</td>`;
  const tone = cell.winRate === undefined ? 'none' : cell.winRate >= 0.8 ? 'good' : cell.winRate >= 0.5 ? 'fair' : 'poor';
  return html`<td class="cell cell-${tone}"><div class="rate">${formatPercent(cell.winRate)}</div>
<div class="muted">${cell.interval ? html`95% ${formatPercent(cell.interval.low)}–${formatPercent(cell.interval.high)}` : 'no scored trials'}</div>
<div class="muted">${cell.successes}/${cell.scored} wins${cell.trials > cell.scored ? html`, ${cell.trials - cell.scored} not scored` : ''}</div></td>`;
}

export function trialTable(trials: readonly TrialRow[], withError: boolean): SafeHtml {
  return html`<table class="trials"><thead><tr><th>#</th><th>subject</th><th>chaos</th><th>slot</th><th>project</th><th>outcome</th><th>detect</th><th>resolve</th><th>started</th>${withError ? html`<th>error</th>` : ''}</tr></thead><tbody>
${trials.map(
  (t) => html`<tr><td><a href="/trials/${t.id}">${t.ordinal}</a></td><td>${t.subject}</td><td>${t.chaos_type}${t.baseline ? ' (baseline)' : ''}</td><td class="num">${t.slot ?? '–'}</td><td class="mono">${t.project ?? '–'}</td>
<td>${outcomeBadge(t.status === 'done' ? t.outcome : t.status)}</td><td class="num">${formatSeconds(t.time_to_detect_ms)}</td><td class="num">${formatSeconds(t.time_to_resolve_ms)}</td><td class="mono">${t.started_at ?? '–'}</td>${withError ? html`<td class="error-text">${t.error ?? ''}</td>` : ''}</tr>`,
)}
</tbody></table>`;
}

