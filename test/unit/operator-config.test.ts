import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { campaignSchema } from '../../src/campaign/campaign-schema.ts';
import { InputError } from '../../src/campaign/input-error.ts';
import { checkOperatorMode, writeVariantCopy } from '../../src/campaign/operator-setup.ts';
import { looksSecret, Redactor } from '../../src/operator/secrets.ts';
import { listVariantFiles, loadVariant, operatorArgv, parseVariant, variantEnv } from '../../src/operator/variant.ts';
import { listVariants } from '../../src/cli/variants-command.ts';
import { TEST_VARIANTS_DIR } from '../support/trials.ts';

const campaign = (input: Record<string, unknown> = {}) =>
  campaignSchema.parse({ name: 'c', subjects: ['etcd'], chaos_types: ['node_kill'], ...input });

const variant = (text: string) => parseVariant(text, '/v/agent.yaml');

function problems(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe('secrets', () => {
  it('knows secret-looking names', () => {
    for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'APIKEY']) {
      assert.ok(looksSecret(name), name);
    }
    for (const name of ['PATH', 'MODEL', 'KEYBOARD', 'TOKENIZER_DIR', 'GAUNTLET_SLOT']) assert.ok(!looksSecret(name), name);
  });

  it('redacts the values of the variant secrets and of secret-looking variables, never short ones', () => {
    const env = { MY_CREDENTIAL_VAR: 'not-listed-value', LLM_ACCESS: 'sk-abcdef123456', GITHUB_TOKEN: 'ghp_zzzzzz999', SHORT_KEY: 'abc' };
    const redactor = new Redactor(['LLM_ACCESS'], env);
    assert.equal(
      redactor.redact('key sk-abcdef123456 token ghp_zzzzzz999 abc not-listed-value'),
      'key [redacted LLM_ACCESS] token [redacted GITHUB_TOKEN] abc not-listed-value',
    );
  });

  it('refuses a variant that writes a secret into its env block', () => {
    const found = problems(() => variant('name: a\ncommand: [x]\nenv: {OPENAI_API_KEY: sk-123456789, MODE: fast}\n'));
    assert.equal(found.length, 1);
    assert.match(found[0]!, /^env\.OPENAI_API_KEY: .*list it in secret_env/);
  });

  it('passes secret_env from the environment, with model, prompt and tools', () => {
    const v = variant('name: a\ncommand: [x]\nmodel: m1\nsystem_prompt: be brief\ntools: {shell: true}\nsecret_env: [LLM_KEY]\n');
    const env = variantEnv(v, { LLM_KEY: 'sk-value-1234', OTHER: 'x' });
    assert.deepEqual(env, {
      LLM_KEY: 'sk-value-1234',
      GAUNTLET_VARIANT: 'a',
      GAUNTLET_MODEL: 'm1',
      GAUNTLET_SYSTEM_PROMPT: 'be brief',
      GAUNTLET_TOOLS: '{"shell":true}',
    });
  });

  it('keeps a copy of the variant without secret values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-variant-'));
    const v = variant('name: a\ncommand: [x, --key, sk-live-abcdefgh]\nsecret_env: [LLM_KEY]\n');
    await writeVariantCopy(v, dir, new Redactor(['LLM_KEY'], { LLM_KEY: 'sk-live-abcdefgh' }));
    const copy = await readFile(join(dir, 'variant.yaml'), 'utf8');
    assert.doesNotMatch(copy, /sk-live-abcdefgh/);
    assert.match(copy, /\[redacted LLM_KEY\]/);
    assert.match(copy, /secret_env:\n {2}- LLM_KEY/);
  });
});

describe('operator modes', () => {
  const plain = variant('name: plain\ncommand: [x]\n');
  const aware = variant('name: aware\ncommand: [x]\nslot_aware: true\n');

  it('refuses a user-run operator for several slots unless the variant is slot-aware', () => {
    const found = problems(() => checkOperatorMode(campaign({ parallel: 2 }), plain, { operatorStore: '/s/{slot}.db' }, 'c.yaml'));
    assert.equal(found.length, 1);
    assert.match(found[0]!, /^parallel: .*slot_aware: true/);
    assert.deepEqual(problems(() => checkOperatorMode(campaign({ parallel: 2 }), aware, { operatorStore: '/s/{slot}.db' }, 'c.yaml')), []);
    assert.deepEqual(problems(() => checkOperatorMode(campaign({ parallel: 1 }), plain, { operatorStore: '/s/t.db' }, 'c.yaml')), []);
  });

  it('needs {slot} in the store path for several slots, and no baselines', () => {
    const found = problems(() =>
      checkOperatorMode(campaign({ parallel: 2, include_baseline: true }), aware, { operatorStore: '/s/t.db' }, 'c.yaml'),
    );
    assert.deepEqual(found.map((p) => p.split(':')[0]), ['parallel', 'include_baseline']);
  });

  it('refuses a variant whose secrets are not in the environment, naming them', () => {
    const needy = variant('name: needy\ncommand: [x]\nsecret_env: [LLM_KEY, OTHER_TOKEN]\n');
    const found = problems(() => checkOperatorMode(campaign(), needy, {}, 'c.yaml', { OTHER_TOKEN: 'x' }));
    assert.equal(found.length, 1);
    assert.match(found[0]!, /^secret_env: variant needy needs LLM_KEY in the environment/);
  });
});

describe('variants', () => {
  it('lists every variant of a directory', async () => {
    assert.deepEqual([...(await listVariantFiles(TEST_VARIANTS_DIR)).keys()], [
      'recreate',
      'runbook',
      'scripted-crash',
      'scripted-never',
      'scripted-open',
      'scripted-resolve',
    ]);
    const listed = await listVariants(TEST_VARIANTS_DIR);
    assert.deepEqual(listed.find((l) => l.name === 'scripted-open')?.secrets?.map((s) => s.name), ['GAUNTLET_TEST_API_KEY']);
  });

  it('names the known variants when one is unknown', async () => {
    await assert.rejects(loadVariant('scripted-nope', TEST_VARIANTS_DIR), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /unknown variant "scripted-nope"; known variants: recreate, runbook, scripted-crash, scripted-never, scripted-open, scripted-resolve/);
      return true;
    });
  });

  it('runs relative commands from the variant file, node as this Node.js', async () => {
    const v = await loadVariant('scripted-open', TEST_VARIANTS_DIR);
    const argv = operatorArgv(v);
    assert.equal(argv.file, process.execPath);
    assert.deepEqual(argv.args, [join(TEST_VARIANTS_DIR, '..', 'operators', 'scripted-operator.mjs'), 'open']);
  });
});
