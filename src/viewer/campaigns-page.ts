import { armOf, isWin } from '../analysis/analyze.ts';
import { wilsonInterval } from '../analysis/stats/proportion.ts';
import type { CampaignRow, ResultsDb, TrialRow } from '../store/results-db.ts';
import { isScored } from '../trial/outcome.ts';
import { html, type SafeHtml } from './html.ts';
import { formatPercent, outcomeBadge, page } from './layout.ts';

const LIVE_REFRESH_SECONDS = 3;

/** Kept cheap (no bootstrap): this page reloads every few seconds while a campaign runs. */
function campaignRow(campaign: CampaignRow, trials: readonly TrialRow[]): SafeHtml {
  const done = trials.filter((t) => t.status === 'done');
  const outcomes = new Map<string, number>();
  for (const t of done) outcomes.set(t.outcome ?? 'unknown', (outcomes.get(t.outcome ?? 'unknown') ?? 0) + 1);
  const scored = done.filter((t) => armOf(t) === 'agent' && isScored(t.outcome));
  const rate = wilsonInterval(scored.filter((t) => isWin(t.outcome)).length, scored.length);
  return html`<tr data-campaign="${campaign.id}">
<td><a href="/campaigns/${encodeURIComponent(campaign.id)}">${campaign.name}</a><div class="muted mono">${campaign.id}</div></td>
<td><span class="status status-${campaign.status}">${campaign.status}</span></td>
<td class="mono">${campaign.created_at}</td>
<td>${campaign.variant}</td>
<td class="num">${campaign.parallel}</td>
<td class="num">${done.length}/${trials.length}</td>
<td>${[...outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([o, n]) => html`${outcomeBadge(o)}<span class="count">${n}</span> `)}</td>
<td class="num">${formatPercent(rate.estimate)}${rate.trials > 0 ? html`<div class="muted">${rate.successes}/${rate.trials} · 95% ${formatPercent(rate.low)}–${formatPercent(rate.high)}</div>` : ''}</td>
</tr>`;
}

export function campaignsPage(db: ResultsDb | undefined, dbPath: string): SafeHtml {
  const campaigns = db?.campaigns() ?? [];
  const running = campaigns.some((c) => c.status === 'running');
  const body = html`<h1>Campaigns</h1>
<p class="muted">Results from <span class="mono">${dbPath}</span>${running ? html` · <span class="live">live: a campaign is running, this page reloads every ${LIVE_REFRESH_SECONDS} s</span>` : ''}</p>
${
  campaigns.length === 0
    ? html`<p class="message warning">No campaigns in this database yet. Run one with <span class="mono">gauntlet run &lt;campaign.yaml&gt;</span>.</p>`
    : html`<table class="campaigns"><thead><tr><th>campaign</th><th>status</th><th>started</th><th>variant</th><th>parallel</th><th>trials done</th><th>outcomes</th><th>operator win rate</th></tr></thead>
<tbody>${campaigns.map((c) => campaignRow(c, db!.trials(c.id)))}</tbody></table>`
}`;
  return page({ title: 'Campaigns', refreshSeconds: running ? LIVE_REFRESH_SECONDS : undefined }, body);
}
