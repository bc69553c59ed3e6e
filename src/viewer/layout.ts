import { html, type SafeHtml } from './html.ts';

export interface PageOptions {
  title: string;
  /** Seconds between reloads while something on the page is still changing. */
  refreshSeconds?: number;
  charts?: boolean;
}

export function page(options: PageOptions, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<title>${options.title} · Gauntlet</title>
<link rel="stylesheet" href="/assets/viewer.css">
</head>
<body>
<header><a class="brand" href="/">Gauntlet</a><nav><a href="/">Campaigns</a><a href="/compare">Compare</a></nav><span class="read-only">read-only</span></header>
<main>
${body}
</main>
${options.charts ? html`<script src="/assets/chart.umd.min.js"></script><script src="/assets/viewer.js"></script>` : ''}
</body>
</html>
`;
}

export function outcomeBadge(outcome: string | null | undefined): SafeHtml {
  const name = outcome ?? 'pending';
  return html`<span class="badge outcome-${name.replace(/[^a-z_]/g, '')}">${name}</span>`;
}

export function formatPercent(value: number | undefined): string {
  return value === undefined ? '–' : `${(value * 100).toFixed(0)}%`;
}

export function formatSeconds(ms: number | null | undefined): string {
  return ms == null ? '–' : `${(ms / 1000).toFixed(2)} s`;
}

export function messagePage(title: string, message: string, options: { tone?: 'warning' | 'error'; refreshSeconds?: number } = {}): SafeHtml {
  return page({ title, refreshSeconds: options.refreshSeconds }, html`<h1>${title}</h1><p class="message ${options.tone ?? 'warning'}">${message}</p>`);
}
