import { CHAOS_TYPES } from '../chaos/registry.ts';
import { SUBJECTS, subjectNames } from '../subjects/registry.ts';
import type { ChaosSpec } from './campaign-schema.ts';
import { describeValue, closest } from './load-campaign.ts';

export interface MeaningProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Checks what the schema cannot: known subjects, supported chaos types and
 * their parameters. Works on the raw file so that these problems are reported
 * together with the schema's, skipping entries the schema already rejects.
 */
export function checkCampaignMeaning(raw: Record<string, unknown>): MeaningProblem[] {
  const problems: MeaningProblem[] = [];
  const subjects = Array.isArray(raw.subjects) ? raw.subjects.filter((s): s is string => typeof s === 'string') : [];
  const chaos = Array.isArray(raw.chaos_types) ? raw.chaos_types.map(asChaosSpec) : [];
  subjects.forEach((name, i) => {
    if (!SUBJECTS.has(name)) {
      const hint = closest(name, subjectNames());
      problems.push({
        path: ['subjects', i],
        message: `unknown subject ${JSON.stringify(name)}${hint ? ` (did you mean ${hint}?)` : ''}; known subjects: ${subjectNames().join(', ')}`,
      });
    }
  });
  chaos.forEach((spec, i) => {
    if (!spec) return;
    const entryPath = ['chaos_types', i];
    for (const subjectName of subjects) {
      const subject = SUBJECTS.get(subjectName);
      if (subject && !subject.chaosTypes.includes(spec.type)) {
        problems.push({
          path: entryPath,
          message: `chaos type ${JSON.stringify(spec.type)} is not supported by subject ${subjectName}; supported: ${subject.chaosTypes.join(', ')}`,
        });
      }
    }
    const type = CHAOS_TYPES.get(spec.type);
    if (!type) return;
    const parsed = type.params.safeParse(spec.params);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0]! : issue.path.join('.');
      const actual = issue.code === 'unrecognized_keys' ? undefined : spec.params[String(issue.path[0])];
      problems.push({
        path: [...entryPath, 'params', ...(key ? [key] : [])],
        message:
          issue.code === 'unrecognized_keys'
            ? `unknown parameter of ${spec.type}; known: ${Object.keys((type.params as unknown as { shape: object }).shape).join(', ')}`
            : `${issue.message}, got ${describeValue(actual)}`,
      });
    }
  });
  return problems;
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
