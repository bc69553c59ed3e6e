import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError } from '../campaign/input-error.ts';

export const VARIANTS_DIR = fileURLToPath(new URL('../../variants/', import.meta.url));
const GAUNTLET_BIN = fileURLToPath(new URL('../../bin/gauntlet.mjs', import.meta.url));

export const variantSchema = z.strictObject({
  name: z.string().min(1).describe('The variant name campaigns refer to.'),
  description: z.string().default('').describe('What this variant is.'),
  command: z.array(z.string()).min(1).describe('The operator command; a first word `gauntlet` runs this Gauntlet.'),
  model: z.string().optional().describe('The model the operator uses, for listings.'),
  system_prompt: z.string().optional().describe('The system prompt, passed as GAUNTLET_SYSTEM_PROMPT.'),
  tools: z.record(z.string(), z.unknown()).optional().describe('Tool configuration, passed as JSON in GAUNTLET_TOOLS.'),
  env: z.record(z.string(), z.string()).default({}).describe('Extra environment for the operator.'),
  slot_aware: z.boolean().default(false).describe('The operator works on the slot its environment names.'),
});

export type Variant = z.output<typeof variantSchema> & { file: string };

export async function loadVariant(name: string, dir = VARIANTS_DIR): Promise<Variant> {
  const known = await listVariantFiles(dir);
  const file = known.get(name);
  if (!file) {
    throw new InputError([
      { file: dir, message: `unknown variant ${JSON.stringify(name)}; known variants: ${[...known.keys()].join(', ') || 'none'}` },
    ]);
  }
  const parsed = variantSchema.safeParse(parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })));
  }
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

/** The argv that starts the variant's operator. */
export function operatorArgv(variant: Variant): { file: string; args: string[] } {
  const [first, ...rest] = variant.command;
  if (first === 'gauntlet') return { file: process.execPath, args: [GAUNTLET_BIN, ...rest] };
  return { file: first!, args: rest };
}
