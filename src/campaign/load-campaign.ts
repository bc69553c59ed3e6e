import { readFile } from 'node:fs/promises';
import { checkComposeFile } from '../compose/compose-file-check.ts';
import { planCampaignPorts } from '../ports/campaign-ports.ts';
import { readEphemeralRange, type PortRange } from '../ports/ephemeral-range.ts';
import type { PortPlan } from '../ports/port-plan.ts';
import { campaignSchema, type Campaign } from './campaign-schema.ts';
import { builtInCatalog, checkCampaignMeaning, type Catalog } from './check-campaign.ts';
import { listVariantFiles, VARIANTS_DIR } from '../operator/variant.ts';
import { didYouMean } from './closest-name.ts';
import { InputError, type InputProblem } from './input-error.ts';
import { parseLocatedYaml } from './yaml-lines.ts';
import { describeIssues, describeValue } from './zod-problems.ts';

export interface LoadedCampaign {
  file: string;
  campaign: Campaign;
  /** One port plan per subject, already checked. */
  portPlans: PortPlan[];
  /** What may trouble the run without stopping it, e.g. ports in the ephemeral range. */
  warnings: string[];
}

export interface LoadOptions {
  catalog?: Catalog;
  /** The host's ephemeral port range; read from the kernel when not given. */
  ephemeralRange?: PortRange;
  /** Where the campaign's `variant` must be found (default: the project's variants/). */
  variantsDir?: string;
}

/**
 * Reads, parses and validates a campaign file, the Compose files of its
 * subjects and its port plan; throws InputError listing every problem.
 */
export async function loadCampaign(file: string, options: LoadOptions = {}): Promise<LoadedCampaign> {
  const catalog = options.catalog ?? builtInCatalog();
  const checked = checkCampaignText(await readCampaignFile(file), file, catalog);
  const composeProblems = await subjectFileProblems(checked.subjects, catalog);
  let warnings: string[] = [];
  let portPlans: PortPlan[] = [];
  if (checked.campaign) {
    const plan = planCampaignPorts(checked.campaign, catalog.subjects, options.ephemeralRange ?? (await readEphemeralRange()));
    const key = ['port_stride', 'parallel', 'first_slot'].find((k) => checked.keys.includes(k));
    const line = key ? checked.lineOf([key]) : undefined;
    checked.problems.push(...plan.problems.map((message) => ({ file, line, path: 'port plan', message })));
    warnings = plan.warnings;
    portPlans = plan.plans;
  }
  checked.problems.push(...(await variantProblems(checked, file, options.variantsDir)));
  const problems = [...checked.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), ...composeProblems];
  if (problems.length > 0 || !checked.campaign) throw new InputError(problems);
  return { file, campaign: checked.campaign, portPlans, warnings };
}

async function readCampaignFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file does not exist' : `cannot read the file (${code ?? String(error)})`;
    throw new InputError([{ file, message }]);
  }
}

interface CheckedText {
  campaign?: Campaign;
  /** Known subjects the file names, whatever else is wrong with it. */
  subjects: string[];
  /** The top-level keys the file has. */
  keys: string[];
  /** The variant the file names (or the default), whatever else is wrong with it; undefined when not a string. */
  variant: string | undefined;
  problems: InputProblem[];
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/** Parses and validates the text of a campaign file; throws only when there is no document to check. */
export function checkCampaignText(text: string, file: string, catalog: Catalog = builtInCatalog()): CheckedText {
  const yaml = parseLocatedYaml(text, file);
  if (yaml.syntaxProblems.length > 0) throw new InputError(yaml.syntaxProblems);
  const data: unknown = yaml.doc.toJS();
  if (data === null || data === undefined) {
    throw new InputError([{ file, message: 'the file is empty; a campaign needs at least name, subjects and chaos_types' }]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError([{ file, line: 1, message: `expected a mapping of campaign fields, got ${describeValue(data)}` }]);
  }
  const raw = data as Record<string, unknown>;
  const parsed = campaignSchema.safeParse(raw);
  const pathProblems = [
    ...(parsed.success ? [] : describeIssues(parsed.error.issues, raw, campaignSchema)),
    ...checkCampaignMeaning(raw, catalog),
  ];
  const problems = pathProblems.map((p) => ({
    file,
    line: yaml.lineOf(p.path),
    path: p.path.join('.') || '(top level)',
    message: p.message,
  }));
  const named = Array.isArray(raw.subjects) ? raw.subjects : [];
  const subjects = [...new Set(named.filter((s): s is string => typeof s === 'string' && catalog.subjects.has(s)))];
  const valid = parsed.success && problems.length === 0;
  const variant = raw.variant === undefined ? campaignSchema.shape.variant.parse(undefined) : typeof raw.variant === 'string' ? raw.variant : undefined;
  return { campaign: valid ? parsed.data : undefined, subjects, keys: Object.keys(raw), variant, problems, lineOf: yaml.lineOf };
}

async function variantProblems(checked: CheckedText, file: string, variantsDir: string | undefined): Promise<InputProblem[]> {
  if (checked.variant === undefined) return [];
  const known = await listVariantFiles(variantsDir);
  if (known.has(checked.variant)) return [];
  const names = [...known.keys()];
  return [
    {
      file,
      line: checked.keys.includes('variant') ? checked.lineOf(['variant']) : undefined,
      path: 'variant',
      message: `unknown variant ${JSON.stringify(checked.variant)}${didYouMean(checked.variant, names)}; known variants: ${names.join(', ') || 'none'} (in ${variantsDir ?? VARIANTS_DIR})`,
    },
  ];
}

async function subjectFileProblems(subjects: readonly string[], catalog: Catalog): Promise<InputProblem[]> {
  const results = await Promise.all(
    subjects.map((name) => {
      const subject = catalog.subjects.get(name)!;
      return checkComposeFile(subject.composeFile, subject.ports);
    }),
  );
  return results.flat();
}
