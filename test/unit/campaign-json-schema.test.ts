import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { README_FILE, withFieldTable } from '../../src/campaign/campaign-docs.ts';
import { CAMPAIGN_SCHEMA_FILE, campaignJsonSchema, campaignJsonSchemaText } from '../../src/campaign/campaign-json-schema.ts';
import { repoPath } from '../../src/paths.ts';

type Node = { description?: string; default?: unknown; properties?: Record<string, Node>; required?: string[] };

/** Every property of the schema, nested ones included, with whether it is required. */
function properties(node: Node, prefix = ''): Array<{ path: string; field: Node; required: boolean }> {
  return Object.entries(node.properties ?? {}).flatMap(([key, field]) => [
    { path: `${prefix}${key}`, field, required: node.required?.includes(key) ?? false },
    ...properties(field, `${prefix}${key}.`),
  ]);
}

describe('campaign JSON Schema', () => {
  it('is committed exactly as the zod schema generates it (run `npm run schema` after changing it)', async () => {
    assert.equal(await readFile(CAMPAIGN_SCHEMA_FILE, 'utf8'), campaignJsonSchemaText());
  });

  it("matches the README's field table (run `npm run schema` after changing it)", async () => {
    const readme = await readFile(README_FILE, 'utf8');
    assert.equal(readme, withFieldTable(readme));
  });

  it('gives every field a description, and a default unless it is one of the three required ones', () => {
    const all = properties(campaignJsonSchema() as Node);
    assert.ok(all.length >= 18);
    for (const { path, field, required } of all) {
      assert.ok(field.description, `${path} has a description`);
      if (!required) assert.ok('default' in field, `${path} has a default`);
    }
    assert.deepEqual(all.filter((p) => p.required).map((p) => p.path), ['name', 'subjects', 'chaos_types']);
  });

  it('accepts every campaign in campaigns/ and rejects a typo, as an editor would', async () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(await readFile(CAMPAIGN_SCHEMA_FILE, 'utf8')) as object);
    const dir = repoPath('campaigns');
    for (const name of await readdir(dir)) {
      const text = await readFile(join(dir, name), 'utf8');
      assert.ok(validate(parse(text)), `${name}: ${JSON.stringify(validate.errors)}`);
      assert.match(text, /^# yaml-language-server: \$schema=\.\.\/schema\/campaign\.schema\.json$/m, `${name} points editors at the schema`);
    }
    assert.equal(validate({ name: 'x', subjects: ['etcd'], chaos_types: ['node_kill'], trials_per_combo: 3 }), false);
    assert.equal(validate({ name: 'x', subjects: ['etcd'], chaos_types: ['node_kill'], parallel: 0 }), false);
  });
});
