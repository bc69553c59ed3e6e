import type { PortSpec, SlotPorts } from '../subjects/subject.ts';

export const DEFAULT_PORT_STRIDE = 10_000;
export const MAX_PORT = 65_535;

export interface PlannedPort extends PortSpec {
  port: number;
}

export interface SlotPlan {
  subject: string;
  slot: number;
  project: string;
  ports: PlannedPort[];
}

export interface PortPlan {
  slots: SlotPlan[];
  problems: string[];
}

/** Slot 0 keeps the subject's plain name, the stack a user starts by hand. */
export function projectName(subject: string, slot: number): string {
  return slot === 0 ? subject : `${subject}-eval-${slot}`;
}

export function slotPorts(plan: SlotPlan): SlotPorts {
  return Object.fromEntries(plan.ports.map((p) => [p.variable, p.port]));
}

/** Slot N gets base + N * stride for every published port of the subject. */
export function planPorts(
  subject: string,
  specs: readonly PortSpec[],
  slotNumbers: readonly number[],
  stride = DEFAULT_PORT_STRIDE,
): PortPlan {
  const slots = slotNumbers.map((slot) => ({
    subject,
    slot,
    project: projectName(subject, slot),
    ports: specs.map((spec) => ({ ...spec, port: spec.base + slot * stride })),
  }));
  return { slots, problems: findPlanProblems(slots, stride) };
}

function findPlanProblems(slots: readonly SlotPlan[], stride: number): string[] {
  const problems: string[] = [];
  const owners = new Map<number, string>();
  for (const plan of slots) {
    for (const p of plan.ports) {
      const who = `slot ${plan.slot} ${p.service} ${p.name} (${p.variable})`;
      if (p.port > MAX_PORT) {
        const fits = maxStride(p.base, plan.slot);
        problems.push(
          `${who} would use port ${p.port}, above ${MAX_PORT}; use fewer slots or a port_stride of at most ${fits} (now ${stride})`,
        );
        continue;
      }
      const owner = owners.get(p.port);
      if (owner) problems.push(`${who} and ${owner} would both use port ${p.port}`);
      else owners.set(p.port, who);
    }
  }
  return problems;
}

function maxStride(base: number, slot: number): number {
  return slot === 0 ? MAX_PORT : Math.floor((MAX_PORT - base) / slot);
}
