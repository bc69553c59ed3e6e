import { listCampaign } from '../analysis/listing.ts';
import { formatOutcomes } from './analysis-format.ts';
import { printJson, table } from './output.ts';
import { USAGE_EXIT, withResults } from './results-access.ts';
import { ExitError } from '../exit-error.ts';

export interface ListOptions {
  db: string;
  json?: boolean;
  limit: string;
  offset: string;
}

export async function listCommand(options: ListOptions): Promise<number> {
  const limit = nonNegativeInt('--limit', options.limit);
  const offset = nonNegativeInt('--offset', options.offset);
  return withResults(options.db, (db) => {
    const all = db.campaigns();
    const rows = all.slice(offset, offset + limit).map((c) => listCampaign(c, db.trials(c.id)));
    if (options.json) {
      printJson({ total: all.length, offset, limit, campaigns: rows });
      return 0;
    }
    const body = rows.map((r) => [
      r.id,
      r.name,
      r.subjects.join(', '),
      r.chaosTypes.join(', '),
      r.variant,
      `${r.done}/${r.trials}`,
      formatOutcomes(r.outcomes),
      `${r.createdAt.slice(0, 19).replace('T', ' ')} (${r.status})`,
    ]);
    process.stdout.write(`${table(['id', 'name', 'subjects', 'chaos', 'variant', 'trials', 'outcomes', 'created'], body)}\n`);
    process.stdout.write(`${rows.length} of ${all.length} campaign(s)${offset > 0 ? `, from ${offset}` : ''}\n`);
    return 0;
  });
}

export function nonNegativeInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ExitError(`expected ${flag} to be a whole number >= 0, got ${JSON.stringify(value)}`, USAGE_EXIT);
  return n;
}
