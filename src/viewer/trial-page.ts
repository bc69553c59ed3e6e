import type { CampaignRow, TrialRow } from '../store/results-db.ts';
import type { WorkloadReport } from '../workload/workload.ts';
import { parsePhases } from './campaign-view.ts';
import { html, jsonData, type SafeHtml } from './html.ts';
import { formatSeconds, outcomeBadge, page } from './layout.ts';
import type { StateDiffRow } from './state-diff.ts';
import { readOperatorLog, trialCommandViews, trialJson, trialStateDiff, trialTickets } from './trial-view.ts';

export function trialPage(campaign: CampaignRow, trial: TrialRow): SafeHtml {
  const phases = parsePhases(trial);
  const origin = phases.length > 0 ? Date.parse(phases[0]!.startedAt) : undefined;
  const chartPhases = phases.map((p) => ({ ...p, fromMs: Date.parse(p.startedAt) - origin!, toMs: Date.parse(p.endedAt) - origin! }));
  const running = trial.status === 'running';
  const body = html`<p class="crumbs"><a href="/campaigns/${encodeURIComponent(campaign.id)}">${campaign.name}</a> / trial ${trial.ordinal}</p>
<h1>Trial ${trial.ordinal} ${outcomeBadge(trial.status === 'done' ? trial.outcome : trial.status)}</h1>
<table class="facts"><tbody>
<tr><th>subject</th><td>${trial.subject}</td><th>chaos</th><td>${trial.chaos_type}${trial.baseline ? ' (baseline, no operator)' : ''}</td></tr>
<tr><th>slot</th><td>${trial.slot ?? '–'}</td><th>project</th><td class="mono">${trial.project ?? '–'}</td></tr>
<tr><th>started</th><td class="mono">${trial.started_at ?? '–'}</td><th>ended</th><td class="mono">${trial.ended_at ?? '–'}</td></tr>
<tr><th>injected</th><td class="mono">${trial.chaos_injected_at ?? '–'}</td><th>attempts</th><td>${trial.attempts}</td></tr>
<tr><th>time to detect</th><td>${formatSeconds(trial.time_to_detect_ms)}</td><th>time to resolve</th><td>${formatSeconds(trial.time_to_resolve_ms)}</td></tr>
</tbody></table>
${trial.error ? html`<p class="message error">${trial.error}</p>` : ''}
<h2>Phases</h2>
${phases.length === 0 ? html`<p class="muted">No phases recorded${running ? ' yet' : ''}.</p>` : html`<div class="chart chart-phases"><canvas id="phase-chart"></canvas></div>${jsonData('phase-data', chartPhases)}
<table class="phases"><thead><tr><th>phase</th><th>started</th><th>ended</th><th>duration</th><th>error</th></tr></thead><tbody>
${phases.map((p) => html`<tr><td>${p.phase}</td><td class="mono">${p.startedAt}</td><td class="mono">${p.endedAt}</td><td class="num">${p.ms} ms</td><td class="error-text">${p.error ?? ''}</td></tr>`)}
</tbody></table>`}
<h2>Chaos</h2>
${jsonBlock(trial.chaos_json, 'No chaos was injected.')}
<h2>Workload</h2>
${workloadSection(trial.workload_json)}
<h2>Tickets</h2>
${ticketsTable(trial)}
<h2>Commands</h2>
${commandsTable(trial)}
<h2>State before and after</h2>
${stateDiff(trialStateDiff(trial))}
<h2>Operator log</h2>
${operatorLog(trial)}`;
  return page({ title: `Trial ${trial.ordinal} of ${campaign.name}`, refreshSeconds: running ? 3 : undefined, charts: true }, body);
}

function jsonBlock(text: string | null, empty: string): SafeHtml {
  const pretty = trialJson(text);
  return pretty === undefined ? html`<p class="muted">${empty}</p>` : html`<pre class="json">${pretty}</pre>`;
}

function workloadSection(text: string | null): SafeHtml {
  if (!text) return html`<p class="muted">No client workload ran in this trial.</p>`;
  let parsed: { report?: WorkloadReport; error?: string };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return html`<p class="message error">The workload record is not valid JSON:</p><pre class="json">${text}</pre>`;
  }
  if (!parsed.report) return html`<p class="message error">The acknowledged writes could not be checked: ${parsed.error ?? 'unknown error'}</p>`;
  const r = parsed.report;
  const lostKeys = r.lostKeys.length === 0 ? '' : html`<tr><th>lost keys</th><td class="mono" colspan="3">${r.lostKeys.slice(0, 20).join(', ')}${r.lostKeys.length > 20 ? ` and ${r.lostKeys.length - 20} more` : ''}</td></tr>`;
  return html`<table class="facts workload"><tbody>
<tr><th>writes attempted</th><td class="num">${r.writesAttempted}</td><th>acknowledged</th><td class="num">${r.writesAcknowledged}</td></tr>
<tr><th>writes failed</th><td class="num">${r.writesFailed}</td><th>lost (acknowledged, then missing or changed)</th><td class="num${r.writesLost > 0 ? ' error-text' : ''}">${r.writesLost}</td></tr>
<tr><th>reads attempted</th><td class="num">${r.readsAttempted}</td><th>reads failed</th><td class="num">${r.readsFailed}</td></tr>
<tr><th>longest outage (no successful write)</th><td>${formatSeconds(r.longestOutageMs)}</td><th>ran</th><td>${formatSeconds(r.stoppedAt - r.startedAt)}</td></tr>
${lostKeys}
</tbody></table>`;
}

function ticketsTable(trial: TrialRow): SafeHtml {
  const tickets = trialTickets(trial);
  if (!tickets) return html`<p class="muted">No ticket store was read.</p>`;
  if (tickets.length === 0) return html`<p class="muted">The operator opened no ticket.</p>`;
  return html`<table class="tickets"><thead><tr><th>id</th><th>status</th><th>first seen</th><th>resolved</th><th>summary</th></tr></thead><tbody>
${tickets.map((t) => html`<tr><td>${String(t.id)}</td><td>${t.status}</td><td class="mono">${t.firstSeenAt ?? '–'}</td><td class="mono">${t.resolvedAt ?? '–'}</td><td>${t.summary}</td></tr>`)}
</tbody></table>`;
}

function commandsTable(trial: TrialRow): SafeHtml {
  const { commands, problem } = trialCommandViews(trial);
  if (problem) return html`<p class="message error">${problem}</p>`;
  if (commands.length === 0) return html`<p class="muted">The operator logged no commands.</p>`;
  return html`<table class="commands"><thead><tr><th>time</th><th>command</th><th>exit</th><th>category</th><th>rule</th></tr></thead><tbody>
${commands.map((c) => html`<tr><td class="mono">${Number.isFinite(c.timestamp) ? new Date(c.timestamp).toISOString() : '–'}</td><td class="mono command">${c.text}</td><td class="num">${c.exitCode ?? '–'}</td><td><span class="category category-${c.category}">${c.category}</span></td><td><span class="mono">${c.rule}</span><div class="muted">${c.why}</div></td></tr>`)}
</tbody></table>`;
}

function stateDiff(rows: StateDiffRow[] | undefined): SafeHtml {
  if (!rows) return html`<p class="muted">No state was captured.</p>`;
  const changed = rows.filter((r) => r.change !== 'same');
  const same = rows.filter((r) => r.change === 'same');
  const table = (list: StateDiffRow[]) => html`<table class="diff"><thead><tr><th>path</th><th>before</th><th>after</th></tr></thead><tbody>
${list.map((r) => html`<tr class="diff-${r.change}"><td class="mono">${r.path}</td><td class="mono">${r.before ?? '(absent)'}</td><td class="mono">${r.after ?? '(absent)'}</td></tr>`)}
</tbody></table>`;
  return html`<p class="muted">${changed.length} of ${rows.length} values changed.</p>
${changed.length > 0 ? table(changed) : ''}
${same.length > 0 ? html`<details><summary>${same.length} unchanged values</summary>${table(same)}</details>` : ''}`;
}

function operatorLog(trial: TrialRow): SafeHtml {
  if (!trial.operator_log) return html`<p class="muted">No operator ran in this trial.</p>`;
  const log = readOperatorLog(trial.operator_log);
  if (log.problem) return html`<p class="message warning">${log.problem}</p>`;
  return html`<p class="muted mono">${log.path}${log.skippedBytes > 0 ? ` (first ${log.skippedBytes} bytes not shown)` : ''}</p><pre class="log">${log.text || '(empty)'}</pre>`;
}
