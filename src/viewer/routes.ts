import { compareCampaigns } from '../analysis/compare.ts';
import type { ResultsDb } from '../store/results-db.ts';
import { campaignPage } from './campaign-page.ts';
import { campaignView } from './campaign-view.ts';
import { campaignsPage } from './campaigns-page.ts';
import { comparePage } from './compare-page.ts';
import type { SafeHtml } from './html.ts';
import { messagePage } from './layout.ts';
import type { ResultsSource } from './results-source.ts';
import { trialPage } from './trial-page.ts';

export interface PageResult {
  status: number;
  body: SafeHtml;
}

const NO_SCHEMA = 'This database has no campaigns yet.';

/** The HTML page for a path, or undefined when no page lives there. */
export function routePage(source: ResultsSource, url: URL): PageResult | undefined {
  const path = url.pathname;
  if (path === '/') return ok(source.read((db) => campaignsPage(db, source.path)));
  if (path === '/compare') return source.read((db) => compare(db, url.searchParams));
  const campaign = /^\/campaigns\/([^/]+)$/.exec(path);
  if (campaign) return source.read((db) => campaignRoute(db, safeDecode(campaign[1]!)));
  const trial = /^\/trials\/(\d+)$/.exec(path);
  if (trial) return source.read((db) => trialRoute(db, Number(trial[1])));
  return undefined;
}

/** A malformed escape in the path names no campaign rather than failing the request. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function ok(body: SafeHtml): PageResult {
  return { status: 200, body };
}

function notFound(what: string): PageResult {
  return { status: 404, body: messagePage('Not found', what) };
}

function campaignRoute(db: ResultsDb | undefined, id: string): PageResult {
  const campaign = db?.campaign(id);
  return campaign ? ok(campaignPage(campaignView(campaign, db!.trials(id)))) : notFound(`No campaign ${id} in this database.`);
}

function trialRoute(db: ResultsDb | undefined, id: number): PageResult {
  const trial = db?.trial(id);
  const campaign = trial && db!.campaign(trial.campaign_id);
  return trial && campaign ? ok(trialPage(campaign, trial)) : notFound(`No trial ${id} in this database.`);
}

function compare(db: ResultsDb | undefined, params: URLSearchParams): PageResult {
  if (!db) return ok(comparePage([], undefined, NO_SCHEMA));
  const campaigns = db.campaigns();
  const [a, b] = [params.get('a'), params.get('b')];
  if (!a || !b) return ok(comparePage(campaigns, undefined));
  const [rowA, rowB] = [db.campaign(a), db.campaign(b)];
  if (!rowA || !rowB) {
    const missing = [rowA ? undefined : a, rowB ? undefined : b].filter(Boolean).join(' and ');
    return { status: 404, body: comparePage(campaigns, undefined, `No campaign ${missing} in this database.`) };
  }
  const comparison = compareCampaigns({ campaign: rowA, trials: db.trials(a) }, { campaign: rowB, trials: db.trials(b) });
  return ok(comparePage(campaigns, { a: rowA, b: rowB, comparison }));
}

export function errorPage(error: unknown): SafeHtml {
  return messagePage('Viewer error', error instanceof Error ? error.message : String(error), { tone: 'error' });
}

