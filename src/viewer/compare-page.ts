import type { ArmComparison, ArmResult, CampaignComparison } from '../analysis/compare.ts';
import type { Difference } from '../analysis/stats/proportion.ts';
import { formatP } from '../analysis/verdict.ts';
import type { CampaignRow } from '../store/results-db.ts';
import { timeText } from './campaign-page.ts';
import { html, type SafeHtml } from './html.ts';
import { formatPercent, page } from './layout.ts';

export interface CompareSelection {
  a: CampaignRow;
  b: CampaignRow;
  comparison: CampaignComparison;
}

export function comparePage(campaigns: readonly CampaignRow[], selection: CompareSelection | undefined, problem?: string): SafeHtml {
  const body = html`<h1>Compare two campaigns</h1>
<p class="muted">The operator's trials of each campaign (baselines left out), as <span class="mono">gauntlet compare</span> judges them.</p>
${picker(campaigns, selection)}
${problem ? html`<p class="message warning">${problem}</p>` : ''}
${selection ? comparison(selection) : ''}`;
  return page({ title: 'Compare' }, body);
}

function picker(campaigns: readonly CampaignRow[], selection: CompareSelection | undefined): SafeHtml {
  if (campaigns.length < 2) return html`<p class="message warning">Comparing needs at least two campaigns in the database (it has ${campaigns.length}).</p>`;
  const select = (name: string, chosen: string) => html`<label>${name.toUpperCase()} <select name="${name}">
${campaigns.map((c) => html`<option value="${c.id}"${chosen === c.id ? html` selected` : ''}>${c.name} · ${c.variant} · ${c.created_at} · ${c.id}</option>`)}
</select></label>`;
  const a = selection?.a.id ?? campaigns[1]!.id;
  const b = selection?.b.id ?? campaigns[0]!.id;
  return html`<form class="picker" method="get" action="/compare">${select('a', a)} ${select('b', b)} <button type="submit">Compare</button></form>`;
}

function comparison({ a, b, comparison: c }: CompareSelection): SafeHtml {
  const link = (row: CampaignRow) => html`<a href="/campaigns/${encodeURIComponent(row.id)}">${row.name}</a> <span class="muted mono">${row.id}</span>`;
  return html`<div class="verdict verdict-${c.overall.verdict.kind}"><strong>${c.overall.verdict.text}</strong></div>
<p class="muted">${pairingText(c)}</p>
<table class="compare"><thead><tr><th></th><th>A</th><th>B</th></tr></thead><tbody>
<tr><th>campaign</th><td>${link(a)}</td><td>${link(b)}</td></tr>
<tr><th>variant</th><td>${a.variant}</td><td>${b.variant}</td></tr>
<tr><th>status</th><td>${a.status}</td><td>${b.status}</td></tr>
<tr><th>win rate</th><td>${rateText(c.overall.a)}</td><td>${rateText(c.overall.b)}</td></tr>
<tr><th>time to resolve</th><td>${timeText(c.overall.a.resolve)}</td><td>${timeText(c.overall.b.resolve)}</td></tr>
<tr><th>A − B</th><td colspan="2">${differenceText(c.overall.winRate.difference)} · ${testText(c.overall)}</td></tr>
</tbody></table>
<h2>By subject and chaos</h2>
<table class="compare-cells"><thead><tr><th>subject</th><th>chaos</th><th>A win rate</th><th>B win rate</th><th>A − B (95%)</th><th>test</th><th>verdict</th></tr></thead><tbody>
${c.groups.map((g) => html`<tr class="verdict-${g.verdict.kind}"><td>${g.subject}</td><td>${g.chaosType}</td><td>${rateText(g.a)}</td><td>${rateText(g.b)}</td><td>${differenceText(g.winRate.difference)}</td><td>${testText(g)}</td><td>${g.verdict.text}</td></tr>`)}
</tbody></table>`;
}

function rateText(arm: ArmResult): string {
  const r = arm.winRate;
  return r.trials === 0 ? 'no scored trials' : `${formatPercent(r.estimate)} (${r.successes}/${r.trials}, 95% ${formatPercent(r.low)}–${formatPercent(r.high)})`;
}

function differenceText(d: Difference): string {
  if (d.estimate === undefined) return '–';
  const pts = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(Math.round(x * 100))}`;
  return `${pts(d.estimate)} pts (${pts(d.low)} to ${pts(d.high)})`;
}

function testText(c: ArmComparison): string {
  return `${c.winRate.test === 'fisher' ? "Fisher's exact" : "McNemar's exact"} p = ${formatP(c.winRate.pValue)}`;
}

function pairingText(c: CampaignComparison): string {
  if (c.overall.winRate.test === 'mcnemar') return 'Same seeds and every trial has its partner: trials are paired by seed (McNemar).';
  const why = c.sameSeeds ? 'Same seeds, but not every trial has a partner' : 'Different seeds';
  return `${why}: the trials are compared as independent samples (Fisher).`;
}
