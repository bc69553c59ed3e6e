import type { ComposeProject } from '../compose/compose-project.ts';
import type { SlotPlan } from '../ports/port-plan.ts';
import type { SubjectClient, SubjectDefinition } from '../subjects/subject.ts';

/** `dirty`: released without a reset because no trial was waiting for it; reset on demand. */
export type SlotState = 'new' | 'starting' | 'ready' | 'busy' | 'dirty' | 'resetting' | 'quarantined' | 'down';

/** One isolated copy of a subject: its own project, ports, env file and volumes. */
export class Slot {
  state: SlotState = 'new';
  consecutiveResetFailures = 0;
  lastError: string | undefined;
  /** The fingerprint of this slot when freshly created; later ones must match it. */
  reference: Record<string, unknown> | undefined;

  constructor(
    readonly subject: SubjectDefinition,
    readonly plan: SlotPlan,
    readonly project: ComposeProject,
    readonly client: SubjectClient,
  ) {}

  get number(): number {
    return this.plan.slot;
  }

  get label(): string {
    return `slot ${this.plan.slot} (${this.plan.project})`;
  }
}
