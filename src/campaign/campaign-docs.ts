import { repoPath } from '../paths.ts';
import { campaignFieldTable } from './campaign-json-schema.ts';

export const README_FILE = repoPath('README.md');
const START = '<!-- campaign-fields:start (npm run schema writes this table) -->';
const END = '<!-- campaign-fields:end -->';

/** The README with its campaign field table replaced by one generated from the schema. */
export function withFieldTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README has no campaign field table markers (${START} ... ${END})`);
  return `${readme.slice(0, start + START.length)}\n${campaignFieldTable()}\n${readme.slice(end)}`;
}
