import { writeFile } from 'node:fs/promises';
import { buildReport } from '../analysis/report.ts';
import { ExitError } from '../exit-error.ts';
import { printJson } from './output.ts';
import { renderMarkdown } from './report-markdown.ts';
import { findCampaign, USAGE_EXIT, withResults } from './results-access.ts';

export interface ReportOptions {
  db: string;
  format: string;
  output?: string;
  json?: boolean;
}

export async function reportCommand(campaignRef: string, options: ReportOptions): Promise<number> {
  const format = options.json ? 'json' : options.format;
  if (format !== 'md' && format !== 'json') {
    throw new ExitError(`expected --format to be md or json, got ${JSON.stringify(options.format)}`, USAGE_EXIT);
  }
  const report = await withResults(options.db, (db) => {
    const campaign = findCampaign(db, campaignRef);
    return buildReport(campaign, db.trials(campaign.id));
  });
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
  if (options.output) {
    await writeFile(options.output, text);
    process.stderr.write(`Wrote ${options.output}\n`);
  } else if (format === 'json') {
    printJson(report);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
