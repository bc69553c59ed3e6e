import type { ChaosType } from '../chaos/chaos-type.ts';
import { CHAOS_TYPES } from '../chaos/registry.ts';
import { SUBJECTS } from '../subjects/registry.ts';
import type { SubjectDefinition } from '../subjects/subject.ts';
import type { ChaosSpec } from './campaign-schema.ts';
import { didYouMean } from './closest-name.ts';
import { describeIssues, type PathProblem } from './zod-problems.ts';

/** The subjects and chaos types a campaign may name. */
export interface Catalog {
  subjects: ReadonlyMap<string, SubjectDefinition>;
  chaosTypes: ReadonlyMap<string, ChaosType>;
}

export function builtInCatalog(): Catalog {
  return { subjects: SUBJECTS, chaosTypes: CHAOS_TYPES };
}

/**
 * Checks what the schema cannot: known subjects, supported chaos types and
 * their parameters. Works on the raw file so that these problems are reported
 * together with the schema's, skipping entries the schema already rejects.
 */
export function checkCampaignMeaning(raw: Record<string, unknown>, catalog: Catalog = builtInCatalog()): PathProblem[] {
  const subjects = Array.isArray(raw.subjects) ? raw.subjects.filter((s): s is string => typeof s === 'string') : [];
  const chaos = Array.isArray(raw.chaos_types) ? raw.chaos_types.map(asChaosSpec) : [];
  return [
    ...subjectProblems(subjects, catalog),
    ...chaos.flatMap((spec, i) => (spec ? chaosProblems(spec, ['chaos_types', i], subjects, catalog) : [])),
    ...duplicateChaosProblems(chaos),
    ...resetProblems(raw.reset, subjects, catalog),
  ];
}

function resetProblems(reset: unknown, subjects: readonly string[], catalog: Catalog): PathProblem[] {
  if (reset !== 'recycle') return [];
  const recyclable = [...catalog.subjects.values()].filter((s) => s.recycle).map((s) => s.name);
  return subjects
    .filter((name) => catalog.subjects.get(name) && !catalog.subjects.get(name)!.recycle)
    .map((name) => ({
      path: ['reset'],
      message: `subject ${name} cannot be recycled; reset: recycle works for ${recyclable.join(', ') || 'no subject'}, reset: full for every subject`,
    }));
}

function subjectProblems(subjects: readonly string[], catalog: Catalog): PathProblem[] {
  const known = [...catalog.subjects.keys()];
  return subjects.flatMap((name, i): PathProblem[] => {
    const path = ['subjects', i];
    if (subjects.indexOf(name) < i) return [{ path, message: `subject ${name} is listed twice` }];
    if (catalog.subjects.has(name)) return [];
    return [{ path, message: `unknown subject ${JSON.stringify(name)}${didYouMean(name, known)}; known subjects: ${known.join(', ')}` }];
  });
}

function chaosProblems(spec: ChaosSpec, path: (string | number)[], subjects: readonly string[], catalog: Catalog): PathProblem[] {
  const type = catalog.chaosTypes.get(spec.type);
  const supportedAnywhere = [...catalog.subjects.values()].some((s) => s.chaosTypes.includes(spec.type));
  if (!type && !supportedAnywhere) {
    const known = [...catalog.chaosTypes.keys()];
    return [{ path, message: `unknown chaos type ${JSON.stringify(spec.type)}${didYouMean(spec.type, known)}; known chaos types: ${known.join(', ')}` }];
  }
  const problems: PathProblem[] = [];
  for (const subject of subjects.map((name) => catalog.subjects.get(name))) {
    if (subject && !subject.chaosTypes.includes(spec.type)) {
      problems.push({
        path,
        message: `chaos type ${spec.type} is not supported by subject ${subject.name}; supported: ${subject.chaosTypes.join(', ')}`,
      });
    }
  }
  if (!type) return problems;
  const parsed = type.params.safeParse(spec.params);
  if (parsed.success) return problems;
  const paramsPath = [...path, 'params'];
  for (const p of describeIssues(parsed.error.issues, spec.params, type.params)) {
    problems.push({ path: [...paramsPath, ...p.path], message: `${spec.type}: ${p.message}` });
  }
  return problems;
}

function duplicateChaosProblems(chaos: readonly (ChaosSpec | undefined)[]): PathProblem[] {
  const keys = chaos.map((spec) => (spec ? JSON.stringify([spec.type, spec.params]) : undefined));
  return keys.flatMap((key, i): PathProblem[] => {
    const first = keys.indexOf(key);
    if (key === undefined || first === i) return [];
    return [{ path: ['chaos_types', i], message: `the same chaos type and params as chaos_types.${first}; raise trials_per_combination instead` }];
  });
}

function asChaosSpec(entry: unknown): ChaosSpec | undefined {
  if (typeof entry === 'string') return { type: entry, params: {} };
  if (entry === null || typeof entry !== 'object') return undefined;
  const { type, params } = entry as { type?: unknown; params?: unknown };
  if (typeof type !== 'string') return undefined;
  const isMapping = params !== null && typeof params === 'object' && !Array.isArray(params);
  if (params !== undefined && !isMapping) return undefined;
  return { type, params: (params ?? {}) as Record<string, unknown> };
}
