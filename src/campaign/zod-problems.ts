import type { z } from 'zod';
import { didYouMean } from './closest-name.ts';

/** One schema problem at a key path, in words a user acts on: expected and actual value. */
export interface PathProblem {
  path: (string | number)[];
  message: string;
}

type Issue = z.core.$ZodIssue;

/** Turns zod issues into messages with the expected and the actual value; unions are unfolded. */
export function describeIssues(issues: readonly Issue[], data: unknown, schema: z.ZodType): PathProblem[] {
  return issues.flatMap((issue) => describeIssue(issue, data, schema));
}

function describeIssue(issue: Issue, data: unknown, schema: z.ZodType): PathProblem[] {
  const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
  if (issue.code === 'invalid_union') {
    const inner = closestOption(issue);
    if (inner) return describeIssues(inner.map((i) => ({ ...i, path: [...path, ...i.path] })), data, schema);
  }
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, path);
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `unknown key${didYouMean(key, known)}; known keys: ${known.join(', ') || 'none'}`,
    }));
  }
  const actual = valueAt(data, path);
  const integer = expectsInteger(schema, path);
  if (actual === undefined && issue.code === 'invalid_type') return [{ path, message: `missing: ${expectation(issue, integer)}` }];
  return [{ path, message: `${expectation(issue, integer)}, got ${describeValue(actual)}` }];
}

/** zod reports a string given for an integer as "expected number"; the schema knows better. */
function expectsInteger(schema: z.ZodType, path: readonly (string | number)[]): boolean {
  const isIntFormat = (def: { format?: unknown }) => typeof def.format === 'string' && def.format.includes('int');
  return schemasAt(schema, path).flatMap(alternatives).some((node) => {
    const def = defOf(node) as SchemaDef & { format?: unknown; checks?: Array<{ _zod?: { def?: { format?: unknown } } }> };
    return isIntFormat(def) || (def.checks ?? []).some((c) => isIntFormat(c._zod?.def ?? {}));
  });
}

/**
 * The one option of a union the value was evidently meant for (its problems lie
 * deeper than the value's own type), so its problems are reported instead of
 * "matches no option".
 */
function closestOption(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | undefined {
  // a mapping with a bad field was meant for the option that looked inside it
  const deeper = issue.errors.filter((option) => option.some((i) => i.path.length > 0));
  if (deeper.length === 1) return deeper[0];
  const meant = issue.errors.filter((option) => option.some((i) => i.path.length > 0 || (i.code !== 'invalid_type' && i.code !== 'invalid_value')));
  return meant.length === 1 ? meant[0] : undefined;
}

/** What was expected, in words; `integer` where the schema wants an integer but zod says "number". */
function expectation(issue: Issue, integer: boolean): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${typeWord(issue.expected, integer)}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at least ${countOf(Number(issue.minimum), issue.origin)}`
        : `expected a value ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `expected at most ${countOf(Number(issue.maximum), issue.origin)}`
        : `expected a value ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return unionExpectation(issue, integer);
    default:
      return issue.message.startsWith('Invalid input: expected ')
        ? `expected ${issue.message.slice('Invalid input: expected '.length)}`
        : issue.message;
  }
}

function countOf(n: number, origin: string): string {
  const unit = origin === 'array' ? (n === 1 ? 'entry' : 'entries') : n === 1 ? 'character' : 'characters';
  return `${n} ${unit}`;
}

function unionExpectation(issue: Extract<Issue, { code: 'invalid_union' }>, integer: boolean): string {
  if (issue.message.startsWith('expected ')) return issue.message;
  const words = issue.errors.flatMap((option) =>
    option.flatMap((i) => {
      if (i.code === 'invalid_type') return [typeWord(i.expected, integer)];
      if (i.code === 'invalid_value') return i.values.map((v) => JSON.stringify(v));
      return [];
    }),
  );
  return words.length > 0 ? `expected ${[...new Set(words)].join(' or ')}` : 'expected a value of another shape';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

function typeWord(expected: string, integer = false): string {
  return TYPE_WORDS[expected === 'number' && integer ? 'int' : expected] ?? `a ${expected}`;
}

/** A value as a user wrote it, with its YAML type: `"5s" (string)`, `a list ([1,2])`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (a number too large to use)`;
  return `${JSON.stringify(value)} (${typeof value})`;
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

interface SchemaDef {
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType): SchemaDef & { shape?: Record<string, z.ZodType> } {
  let current = schema as unknown as { def: SchemaDef; shape?: Record<string, z.ZodType> };
  while (current.def.innerType) current = current.def.innerType as unknown as typeof current;
  return { ...current.def, shape: current.shape };
}

/** The keys a mapping at this path accepts, read from the schema itself. */
export function knownKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  const candidates = schemasAt(schema, path);
  return [...new Set(candidates.flatMap((n) => alternatives(n).flatMap((a) => Object.keys(defOf(a).shape ?? {}))))];
}

/** Every schema a value at this path may be checked against (several where unions branch). */
function schemasAt(schema: z.ZodType, path: readonly (string | number)[]): z.ZodType[] {
  return path.reduce<z.ZodType[]>((nodes, key) => nodes.flatMap((n) => childSchemas(n, key)), [schema]);
}

function alternatives(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  return def.options ? def.options.flatMap(alternatives) : [schema];
}

function childSchemas(schema: z.ZodType, key: string | number): z.ZodType[] {
  return alternatives(schema).flatMap((a) => {
    const def = defOf(a);
    if (typeof key === 'number') return def.element ? [def.element] : [];
    const child = def.shape?.[key];
    return child ? [child] : [];
  });
}
