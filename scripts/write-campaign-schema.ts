// Regenerates schema/campaign.schema.json and the README's field table from the zod campaign schema.
import { readFile, writeFile } from 'node:fs/promises';
import { CAMPAIGN_SCHEMA_FILE, campaignJsonSchemaText } from '../src/campaign/campaign-json-schema.ts';
import { README_FILE, withFieldTable } from '../src/campaign/campaign-docs.ts';

await writeFile(CAMPAIGN_SCHEMA_FILE, campaignJsonSchemaText());
await writeFile(README_FILE, withFieldTable(await readFile(README_FILE, 'utf8')));
process.stdout.write(`wrote ${CAMPAIGN_SCHEMA_FILE} and the field table in ${README_FILE}\n`);
