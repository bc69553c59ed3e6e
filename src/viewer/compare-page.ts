import type { CampaignRow } from '../store/results-db.ts';
import type { CampaignView, MatrixCell } from './campaign-view.ts';
import { html, type SafeHtml } from './html.ts';
import { compareRates, type RateComparison } from './interim-stats.ts';
import { formatPercent, formatSeconds, page } from './layout.ts';

export interface ComparePair {
  a: CampaignView;
  b: CampaignView;
}

const VERDICT_TEXT: Record<RateComparison['verdict'], (a: string, b: string) => string> = {
  a_better: (a) => `${a} wins`,
  b_better: (_a, b) => `${b} wins`,
  no_clear_difference: () => 'no clear difference',
};

export function comparePage(campaigns: readonly CampaignRow[], pair: ComparePair | undefined, problem?: string): SafeHtml {
  const body = html`<h1>Compare two campaigns</h1>
${picker(campaigns, pair)}
${problem ? html`<p class="message warning">${problem}</p>` : ''}
${pair ? comparison(pair) : ''}`;
  return page({ title: 'Compare' }, body);
}

function picker(campaigns: readonly CampaignRow[], pair: ComparePair | undefined): SafeHtml {
  if (campaigns.length < 2) return html`<p class="message warning">Comparing needs at least two campaigns in the database (it has ${campaigns.length}).</p>`;
  const select = (name: string, chosen: string | undefined, fallback: number) => html`<label>${name.toUpperCase()} <select name="${name}">
${campaigns.map((c) => html`<option value="${c.id}"${(chosen ?? campaigns[fallback]!.id) === c.id ? html` selected` : ''}>${c.name} · ${c.created_at} · ${c.id}</option>`)}
</select></label>`;
  return html`<form class="picker" method="get" action="/compare">${select('a', pair?.a.campaign.id, 1)} ${select('b', pair?.b.campaign.id, 0)} <button type="submit">Compare</button></form>`;
}

function verdictOf(a: { successes: number; scored: number }, b: { successes: number; scored: number }) {
  return compareRates({ successes: a.successes, n: a.scored }, { successes: b.successes, n: b.scored });
}

function comparison({ a, b }: ComparePair): SafeHtml {
  const overall = verdictOf(a.summary, b.summary);
  const keys = [...new Set([...a.cells, ...b.cells].map(cellKey))];
  return html`<div class="verdict ${overall ? `verdict-${overall.verdict}` : ''}">${verdictLine(overall, 'A', 'B')}</div>
<table class="compare"><thead><tr><th></th><th>A: ${a.campaign.name}</th><th>B: ${b.campaign.name}</th></tr></thead><tbody>
<tr><th>campaign</th><td class="mono"><a href="/campaigns/${encodeURIComponent(a.campaign.id)}">${a.campaign.id}</a></td><td class="mono"><a href="/campaigns/${encodeURIComponent(b.campaign.id)}">${b.campaign.id}</a></td></tr>
<tr><th>variant</th><td>${a.campaign.variant}</td><td>${b.campaign.variant}</td></tr>
<tr><th>status</th><td>${a.campaign.status}</td><td>${b.campaign.status}</td></tr>
<tr><th>wins</th><td>${a.summary.successes}/${a.summary.scored} (${formatPercent(a.summary.winRate)})</td><td>${b.summary.successes}/${b.summary.scored} (${formatPercent(b.summary.winRate)})</td></tr>
<tr><th>median detect</th><td>${formatSeconds(a.summary.medianDetectMs)}</td><td>${formatSeconds(b.summary.medianDetectMs)}</td></tr>
<tr><th>median resolve</th><td>${formatSeconds(a.summary.medianResolveMs)}</td><td>${formatSeconds(b.summary.medianResolveMs)}</td></tr>
</tbody></table>
<h2>By subject and chaos</h2>
<table class="compare-cells"><thead><tr><th>subject</th><th>chaos</th><th>A win rate</th><th>B win rate</th><th>A − B (95%)</th><th>verdict</th></tr></thead><tbody>
${keys.map((key) => cellRow(a.cells.find((c) => cellKey(c) === key), b.cells.find((c) => cellKey(c) === key)))}
</tbody></table>`;
}

function verdictLine(result: RateComparison | undefined, a: string, b: string): SafeHtml {
  if (!result) return html`No verdict: one side has no scored trials.`;
  return html`<strong>${VERDICT_TEXT[result.verdict](a, b)}</strong> · win-rate difference ${signedPercent(result.difference)}, 95% interval ${signedPercent(result.interval.low)} to ${signedPercent(result.interval.high)}`;
}

function cellKey(c: MatrixCell): string {
  return JSON.stringify([c.subject, c.chaosType, c.baseline]);
}

function cellRow(a: MatrixCell | undefined, b: MatrixCell | undefined): SafeHtml {
  const any = (a ?? b)!;
  const result = a && b ? compareRates({ successes: a.successes, n: a.scored }, { successes: b.successes, n: b.scored }) : undefined;
  const rate = (c: MatrixCell | undefined) => (c ? `${formatPercent(c.winRate)} (${c.successes}/${c.scored})` : 'not run');
  return html`<tr><td>${any.subject}</td><td>${any.chaosType}${any.baseline ? ' (baseline)' : ''}</td><td>${rate(a)}</td><td>${rate(b)}</td>
<td>${result ? `${signedPercent(result.difference)} (${signedPercent(result.interval.low)} to ${signedPercent(result.interval.high)})` : '–'}</td>
<td>${result ? VERDICT_TEXT[result.verdict]('A', 'B') : '–'}</td></tr>`;
}

function signedPercent(value: number): string {
  const points = Math.round(value * 100);
  return `${points > 0 ? '+' : points < 0 ? '−' : '±'}${Math.abs(points)} pts`;
}
