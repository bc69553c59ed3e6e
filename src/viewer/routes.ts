import type { ResultsDb } from '../store/results-db.ts';
import { campaignPage } from './campaign-page.ts';
import { campaignView, type CampaignView } from './campaign-view.ts';
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
  if (campaign) return source.read((db) => campaignRoute(db, decodeURIComponent(campaign[1]!)));
  const trial = /^\/trials\/(\d+)$/.exec(path);
  if (trial) return source.read((db) => trialRoute(db, Number(trial[1])));
  return undefined;
}

function ok(body: SafeHtml): PageResult {
  return { status: 200, body };
}

function notFound(what: string): PageResult {
  return { status: 404, body: messagePage('Not found', what) };
}

function loadView(db: ResultsDb, id: string): CampaignView | undefined {
  const campaign = db.campaign(id);
  return campaign ? campaignView(campaign, db.trials(id)) : undefined;
}

function campaignRoute(db: ResultsDb | undefined, id: string): PageResult {
  const view = db && loadView(db, id);
  return view ? ok(campaignPage(view)) : notFound(`No campaign ${id} in this database.`);
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
  const [viewA, viewB] = [loadView(db, a), loadView(db, b)];
  if (!viewA || !viewB) {
    const missing = [viewA ? undefined : a, viewB ? undefined : b].filter(Boolean).join(' and ');
    return { status: 404, body: comparePage(campaigns, undefined, `No campaign ${missing} in this database.`) };
  }
  return ok(comparePage(campaigns, { a: viewA, b: viewB }));
}

export function errorPage(error: unknown): SafeHtml {
  return messagePage('Viewer error', `${error instanceof Error ? error.message : String(error)}`, 'error');
}

