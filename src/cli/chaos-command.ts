import { describeChaos, type ChaosDescription } from '../chaos/describe-params.ts';
import { CHAOS_TYPES } from '../chaos/registry.ts';
import { SUBJECTS, subjectNames } from '../subjects/registry.ts';
import { ExitError } from '../exit-error.ts';
import { printJson } from './output.ts';

export interface ChaosCommandOptions {
  subject?: string;
  json?: boolean;
}

/** Lists the chaos types of a subject (or all of them) with their parameters and defaults. */
export async function chaosCommand(options: ChaosCommandOptions): Promise<number> {
  const descriptions = chaosDescriptions(options.subject);
  if (options.json) {
    printJson(options.subject ? { subject: options.subject, chaosTypes: descriptions } : { chaosTypes: descriptions });
    return 0;
  }
  process.stdout.write(`${descriptions.map(formatChaos).join('\n')}`);
  return 0;
}

export function chaosDescriptions(subjectName?: string): ChaosDescription[] {
  if (!subjectName) return [...CHAOS_TYPES.values()].map(describeChaos);
  const subject = SUBJECTS.get(subjectName);
  if (!subject) throw new ExitError(`unknown subject ${JSON.stringify(subjectName)}; known subjects: ${subjectNames().join(', ')}`, 2);
  return subject.chaosTypes.flatMap((name) => {
    const type = CHAOS_TYPES.get(name);
    return type ? [describeChaos(type)] : [];
  });
}

/** One block per type: its description, then a line per parameter with kind and default. */
function formatChaos(d: ChaosDescription): string {
  const lines = [`${d.name}: ${d.description}`];
  if (d.params.length === 0) lines.push('  (no parameters)');
  const width = Math.max(0, ...d.params.map((p) => p.name.length));
  for (const p of d.params) {
    const fallback = p.default === undefined ? 'no default' : `default ${JSON.stringify(p.default)}`;
    lines.push(`  ${p.name.padEnd(width)}  ${p.kind}, ${fallback}. ${p.description}`);
  }
  return `${lines.join('\n')}\n`;
}
