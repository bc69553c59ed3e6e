import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CampaignTrials } from '../analysis/compare-baseline.ts';
import { ResultsDb, type CampaignRow } from '../store/results-db.ts';
import { ExitError } from '../exit-error.ts';

export const USAGE_EXIT = 2;

/** Opens the results database read-only for one command; the caller closes it. */
export function openResults(path: string): ResultsDb {
  if (!existsSync(path)) {
    throw new ExitError(`no results database at ${resolve(path)}: run a campaign first (gauntlet run <file> --db ${path}) or pass --db`, USAGE_EXIT);
  }
  return new ResultsDb(path, { readonly: true });
}

export async function withResults<T>(path: string, work: (db: ResultsDb) => T | Promise<T>): Promise<T> {
  const db = openResults(path);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/**
 * A campaign named on the command line: its id, a unique prefix of one, its
 * name (the newest campaign of that name), or `latest`.
 */
export function findCampaign(db: ResultsDb, ref: string): CampaignRow {
  const all = db.campaigns();
  if (ref === 'latest' && all[0]) return all[0];
  const exact = all.find((c) => c.id === ref);
  if (exact) return exact;
  const prefixed = all.filter((c) => c.id.startsWith(ref));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) {
    throw new ExitError(`campaign ${JSON.stringify(ref)} is ambiguous: ${prefixed.map((c) => c.id).join(', ')}`, USAGE_EXIT);
  }
  const named = all.find((c) => c.name === ref);
  if (named) return named;
  const known = all.slice(0, 5).map((c) => `${c.id} (${c.name})`).join(', ');
  throw new ExitError(
    `no campaign ${JSON.stringify(ref)} in ${db.path}; expected an id, an id prefix, a name or "latest"; newest: ${known || 'none'}`,
    USAGE_EXIT,
  );
}

export function campaignTrials(db: ResultsDb, campaign: CampaignRow): CampaignTrials {
  return { campaign, trials: db.trials(campaign.id) };
}
