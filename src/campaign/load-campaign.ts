import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { campaignSchema, type Campaign } from './campaign-schema.ts';
import { InputError, type InputProblem } from './input-error.ts';
import { checkCampaignMeaning } from './check-campaign.ts';

export interface LoadedCampaign {
  file: string;
  campaign: Campaign;
}

/** Reads, parses and validates a campaign file; throws InputError listing every problem. */
export async function loadCampaign(file: string): Promise<LoadedCampaign> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file does not exist' : `cannot read the file (${code ?? String(error)})`;
    throw new InputError([{ file, message }]);
  }
  return { file, campaign: parseCampaign(text, file) };
}

export function parseCampaign(text: string, file: string): Campaign {
  if (text.trim() === '') throw new InputError([{ file, message: 'the file is empty; a campaign needs at least name, subjects and chaos_types' }]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line,
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError([{ file, line: 1, message: `expected a mapping of campaign fields, got ${describeValue(data)}` }]);
  }
  const locate = (path: readonly PropertyKey[]) => lineOf(doc, lineCounter, path);
  const parsed = campaignSchema.safeParse(data);
  const problems: InputProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => schemaProblem(file, issue, data, locate));
  for (const p of checkCampaignMeaning(data as Record<string, unknown>)) {
    problems.push({ file, line: locate(p.path), path: p.path.join('.'), message: p.message });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (problems.length > 0 || !parsed.success) throw new InputError(problems);
  return parsed.data;
}

function schemaProblem(
  file: string,
  issue: z.core.$ZodIssue,
  data: unknown,
  locate: (path: readonly PropertyKey[]) => number | undefined,
): InputProblem {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const path = [...issue.path, key];
    const known = knownKeys(issue.path);
    const hint = closest(key, known);
    return {
      file,
      line: locate(path),
      path: path.join('.'),
      message: `unknown key${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''}${hint ? ` (did you mean ${hint}?)` : ''}; known keys: ${known.join(', ')}`,
    };
  }
  const actual = valueAt(data, issue.path);
  const path = issue.path.join('.') || '(top level)';
  const got = actual === undefined ? 'nothing' : describeValue(actual);
  return { file, line: locate(issue.path), path, message: `${expectation(issue)}, got ${got}` };
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at least ${issue.minimum} ${issue.origin === 'array' ? 'entries' : 'characters'}`
        : `expected a value ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at most ${issue.maximum} ${issue.origin === 'array' ? 'entries' : 'characters'}`
        : `expected a value ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'expected a chaos type name or a mapping {type, params}';
    default:
      return `expected ${issue.message.replace(/^Invalid input: expected /, '')}`;
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'object') return 'a mapping';
  return `${JSON.stringify(value)} (${typeof value})`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The line of the deepest node along the path that exists in the document. */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth) as (string | number)[];
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    const keyNode = depth > 0 ? keyNodeAt(doc, prefix) : undefined;
    const range = (keyNode ?? node) as { range?: [number, number, number] } | undefined;
    if (range?.range) return lineCounter.linePos(range.range[0]).line;
  }
  return undefined;
}

/** For a mapping entry, the node of its key (the line a user reads as "the field"). */
function keyNodeAt(doc: Document, path: (string | number)[]): unknown {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  if (isMap(parent)) return parent.items.find((pair) => (pair.key as { value?: unknown })?.value === key)?.key;
  if (isSeq(parent) && typeof key === 'number') return parent.items[key];
  return undefined;
}

function knownKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = campaignSchema;
  for (const key of path) {
    const inner = unwrap(schema) as { shape?: Record<string, z.ZodType> };
    const next = inner.shape?.[String(key)];
    if (!next) return [];
    schema = next;
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema as unknown as { def: { innerType?: z.ZodType } };
  while (current.def.innerType) current = current.def.innerType as unknown as typeof current;
  return current as unknown as z.ZodType;
}

/** The known key nearest to a typo, when it is near enough to be a likely intent. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const byPrefix = [...candidates].sort((a, b) => commonPrefix(word, b) - commonPrefix(word, a))[0];
  if (byPrefix && commonPrefix(word, byPrefix) >= Math.max(4, Math.ceil(word.length * 0.6))) return byPrefix;
  const byDistance = [...candidates].sort((a, b) => editDistance(word, a) - editDistance(word, b))[0];
  const limit = Math.max(2, Math.floor(word.length / 3));
  return byDistance !== undefined && editDistance(word, byDistance) <= limit ? byDistance : undefined;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
