import { summarize } from '../analysis/summary.ts';
import type { ResultsDb } from '../store/results-db.ts';
import { html, type SafeHtml } from './html.ts';
import { wilsonInterval } from './interim-stats.ts';
import { formatPercent, outcomeBadge, page } from './layout.ts';

const LIVE_REFRESH_SECONDS = 3;

export function campaignsPage(db: ResultsDb | undefined, dbPath: string): SafeHtml {
  const campaigns = db?.campaigns() ?? [];
  const rows = campaigns.map((c) => {
    const summary = summarize(db!.trials(c.id));
    const interval = wilsonInterval(summary.successes, summary.scored);
    const outcomes = Object.entries(summary.outcomes).sort(([a], [b]) => a.localeCompare(b));
    return html`<tr data-campaign="${c.id}">
<td><a href="/campaigns/${encodeURIComponent(c.id)}">${c.name}</a><div class="muted mono">${c.id}</div></td>
<td><span class="status status-${c.status}">${c.status}</span></td>
<td class="mono">${c.created_at}</td>
<td>${c.variant}</td>
<td class="num">${c.parallel}</td>
<td class="num">${summary.finished}/${summary.trials}</td>
<td>${outcomes.map(([o, n]) => html`${outcomeBadge(o)}<span class="count">${n}</span> `)}</td>
<td class="num">${formatPercent(summary.winRate)}${interval ? html`<div class="muted">95% ${formatPercent(interval.low)}–${formatPercent(interval.high)}</div>` : ''}</td>
</tr>`;
  });
  const running = campaigns.some((c) => c.status === 'running');
  const body = html`<h1>Campaigns</h1>
<p class="muted">Results from <span class="mono">${dbPath}</span>${running ? html` · <span class="live">live: a campaign is running, this page reloads every ${LIVE_REFRESH_SECONDS} s</span>` : ''}</p>
${
  campaigns.length === 0
    ? html`<p class="message warning">No campaigns in this database yet. Run one with <span class="mono">gauntlet run &lt;campaign.yaml&gt;</span>.</p>`
    : html`<table class="campaigns"><thead><tr><th>campaign</th><th>status</th><th>started</th><th>variant</th><th>parallel</th><th>trials done</th><th>outcomes</th><th>win rate</th></tr></thead><tbody>${rows}</tbody></table>`
}`;
  return page({ title: 'Campaigns', refreshSeconds: running ? LIVE_REFRESH_SECONDS : undefined }, body);
}
