import type { PortSpec } from '../subjects/subject.ts';
import type { PortPlan } from './port-plan.ts';

/** A port plan as columns: slot, project, then one column per published port. */
export interface PortTable {
  head: string[];
  rows: Array<Array<string | number>>;
}

export function portTable(plan: PortPlan): PortTable {
  const specs = plan.slots[0]?.ports ?? [];
  return {
    head: ['slot', 'project', ...columnNames(specs)],
    rows: plan.slots.map((slot) => [slot.slot, slot.project, ...slot.ports.map((p) => p.port)]),
  };
}

/** A port's own name where it is unique in the subject (PD, Grafana), else with its service (etcd1 client). */
function columnNames(specs: readonly PortSpec[]): string[] {
  const unique = new Set(specs.map((s) => s.name)).size === specs.length;
  return specs.map((s) => (unique ? s.name : `${s.service} ${s.name}`));
}

/** The plan in the shape `--json` prints. */
export function portPlanJson(plan: PortPlan, warnings: readonly string[]) {
  return {
    subject: plan.subject,
    port_stride: plan.stride,
    slots: plan.slots.map((slot) => ({
      slot: slot.slot,
      project: slot.project,
      ports: slot.ports.map((p) => ({ service: p.service, name: p.name, variable: p.variable, base: p.base, port: p.port })),
    })),
    problems: plan.problems,
    warnings,
  };
}
