/** What Compose accepts as a project name. */
export const COMPOSE_PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Makes any name a valid Compose project name, predictably: accents dropped,
 * lowercased, every run of other characters one `-`, no leading or trailing
 * `-` or `_`. "TiKV Cluster" becomes "tikv-cluster". Empty when the name has
 * no letter or digit at all.
 */
export function normaliseProjectName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

/** Slot 0 keeps the subject's plain name, the stack a user starts by hand. */
export function projectName(subject: string, slot: number): string {
  const base = normaliseProjectName(subject);
  return slot === 0 ? base : `${base}-eval-${slot}`;
}

export interface NamedProject {
  subject: string;
  slot: number;
  project: string;
}

/** Problems with the project names of a plan: unusable names, and two slots that would share one project. */
export function projectNameProblems(projects: readonly NamedProject[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, NamedProject>();
  for (const p of projects) {
    if (!COMPOSE_PROJECT_NAME.test(p.project)) {
      problems.push(`subject name ${JSON.stringify(p.subject)} gives no valid Compose project name for slot ${p.slot} (got ${JSON.stringify(p.project)}); a name needs a letter or digit`);
      continue;
    }
    const owner = owners.get(p.project);
    if (owner) {
      problems.push(
        `subject ${JSON.stringify(p.subject)} slot ${p.slot} and subject ${JSON.stringify(owner.subject)} slot ${owner.slot} would both be Compose project ${p.project}; rename one of them`,
      );
    } else owners.set(p.project, p);
  }
  return problems;
}
