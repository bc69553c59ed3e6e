import { z } from 'zod';
import { repoPath } from '../paths.ts';
import { campaignSchema } from './campaign-schema.ts';

/** Where the committed JSON Schema lives; campaign files point editors at it. */
export const CAMPAIGN_SCHEMA_FILE = repoPath('schema', 'campaign.schema.json');

type JsonSchema = {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/**
 * The campaign schema as JSON Schema, from the same zod definition the loader
 * uses. Input side: fields with defaults are optional. Draft 7, which editors'
 * YAML plugins understand best.
 */
export function campaignJsonSchema(): JsonSchema & Record<string, unknown> {
  const generated = z.toJSONSchema(campaignSchema, { io: 'input', target: 'draft-7' });
  return { ...generated, title: 'Gauntlet campaign' } as JsonSchema & Record<string, unknown>;
}

export function campaignJsonSchemaText(): string {
  return `${JSON.stringify(campaignJsonSchema(), null, 2)}\n`;
}

/** A Markdown table of every field with its default and description, for the README. */
export function campaignFieldTable(schema: JsonSchema = campaignJsonSchema()): string {
  const rows = fieldRows(schema, '').map(([field, value, meaning]) => `| \`${field}\` | ${value} | ${meaning} |`);
  return ['| field | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

function fieldRows(schema: JsonSchema, prefix: string): string[][] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, field]) => {
    const name = `${prefix}${key}`;
    const value = schema.required?.includes(key) ? 'required' : `\`${JSON.stringify(field.default)}\``;
    const own = [name, value, (field.description ?? '').replace(/\|/g, '\\|')];
    return field.properties ? [own, ...fieldRows(field, `${name}.`)] : [own];
  });
}
