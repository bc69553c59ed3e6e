import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { repoPath } from '../paths.ts';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError, type InputProblem } from '../campaign/input-error.ts';
import { looksSecret } from './secrets.ts';

export const VARIANTS_DIR = repoPath('variants');
const GAUNTLET_BIN = repoPath('bin', 'gauntlet.mjs');

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

export const variantSchema = z.strictObject({
  name: z.string().min(1).describe('The variant name campaigns refer to.'),
  description: z.string().default('').describe('What this variant is.'),
  command: z.array(z.string()).min(1).describe('The operator command; a first word `gauntlet` runs this Gauntlet.'),
  model: z.string().optional().describe('The model the operator uses, passed as GAUNTLET_MODEL.'),
  system_prompt: z.string().optional().describe('The system prompt, passed as GAUNTLET_SYSTEM_PROMPT.'),
  tools: z.record(z.string(), z.unknown()).optional().describe('Tool configuration, passed as JSON in GAUNTLET_TOOLS.'),
  env: z.record(envName, z.string()).default({}).describe('Extra environment for the operator; never secrets.'),
  secret_env: z
    .array(envName)
    .default([])
    .describe('Environment variables the operator needs from the harness environment (API keys); their values are never stored.'),
  slot_aware: z.boolean().default(false).describe('One operator process can serve several slots, each named by its environment.'),
});

export type Variant = z.output<typeof variantSchema> & { file: string };

export interface VariantEntry {
  name: string;
  file: string;
}

export async function loadVariant(name: string, dir = VARIANTS_DIR): Promise<Variant> {
  const known = await listVariantFiles(dir);
  const file = known.get(name);
  if (!file) {
    throw new InputError([
      { file: dir, path: 'variant', message: `unknown variant ${JSON.stringify(name)}; known variants: ${[...known.keys()].join(', ') || 'none'}` },
    ]);
  }
  return parseVariant(await readFile(file, 'utf8'), file);
}

export function parseVariant(text: string, file: string): Variant {
  const parsed = variantSchema.safeParse(parse(text));
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })));
  }
  const problems: InputProblem[] = Object.keys(parsed.data.env)
    .filter(looksSecret)
    .map((key) => ({
      file,
      path: `env.${key}`,
      message: `${key} looks like a secret; variant files are copied with the results, so list it in secret_env and export it in the environment instead`,
    }));
  if (problems.length > 0) throw new InputError(problems);
  return { ...parsed.data, file };
}

/** Variant name to file, from every YAML file of the directory. */
export async function listVariantFiles(dir = VARIANTS_DIR): Promise<Map<string, string>> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const result = new Map<string, string>();
  for (const entry of entries.filter((e) => /\.ya?ml$/.test(e)).sort()) {
    const file = join(dir, entry);
    const data = parse(await readFile(file, 'utf8')) as { name?: unknown } | null;
    const name = typeof data?.name === 'string' ? data.name : entry.replace(/\.ya?ml$/, '');
    result.set(name, file);
  }
  return result;
}

/** The secret variables a variant needs that the harness environment lacks. */
export function missingSecrets(variant: Variant, env: NodeJS.ProcessEnv = process.env): string[] {
  return variant.secret_env.filter((name) => !env[name]);
}

/** The environment the variant itself contributes (the protocol's variables come on top). */
export function variantEnv(variant: Variant, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const secrets = Object.fromEntries(variant.secret_env.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
  return {
    ...variant.env,
    ...secrets,
    GAUNTLET_VARIANT: variant.name,
    ...(variant.model === undefined ? {} : { GAUNTLET_MODEL: variant.model }),
    ...(variant.system_prompt === undefined ? {} : { GAUNTLET_SYSTEM_PROMPT: variant.system_prompt }),
    ...(variant.tools === undefined ? {} : { GAUNTLET_TOOLS: JSON.stringify(variant.tools) }),
  };
}

/**
 * The argv that starts the variant's operator. `gauntlet` runs this Gauntlet,
 * `node` this Node.js, and a word starting with ./ or ../ is a path relative to
 * the variant file, so a variant works from any working directory.
 */
export function operatorArgv(variant: Variant): { file: string; args: string[] } {
  const local = (word: string) => (/^\.\.?\//.test(word) ? resolve(dirname(variant.file), word) : word);
  const [first, ...rest] = variant.command.map(local);
  if (first === 'gauntlet') return { file: process.execPath, args: [GAUNTLET_BIN, ...rest] };
  if (first === 'node') return { file: process.execPath, args: rest };
  return { file: first!, args: rest };
}
