import type { PortSpec, SlotPorts } from '../subjects/subject.ts';
import { projectName, projectNameProblems } from './project-name.ts';

export { projectName } from './project-name.ts';

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
  subject: string;
  stride: number;
  slots: SlotPlan[];
  /** Why this plan cannot work; empty when it can. */
  problems: string[];
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
  const problems = [...projectNameProblems(slots), ...portProblems(specs, slots, stride)];
  return { subject, stride, slots, problems };
}

export function describePort(slot: number, p: PortSpec): string {
  return `slot ${slot} ${p.service} ${p.name} (${p.variable})`;
}

function portProblems(specs: readonly PortSpec[], slots: readonly SlotPlan[], stride: number): string[] {
  const advice = new StrideAdvice(specs, slots.map((s) => s.slot), stride);
  return [...overflowProblems(slots, advice), ...collisionProblems(slots, advice)];
}

/** One problem for all ports above 65535, naming the first slot that overflows and each of its ports. */
function overflowProblems(slots: readonly SlotPlan[], advice: StrideAdvice): string[] {
  const overflowing = slots.filter((plan) => plan.ports.some((p) => p.port > MAX_PORT));
  const [first, ...rest] = overflowing;
  if (!first) return [];
  const ports = first.ports
    .filter((p) => p.port > MAX_PORT)
    .map((p) => `${p.service} ${p.name} (${p.variable}) on port ${p.port}`)
    .join(' and ');
  const others = rest.length === 0 ? '' : ` (and slot${rest.length === 1 ? '' : 's'} ${rest.map((p) => p.slot).join(', ')} too)`;
  return [`slot ${first.slot} would put ${ports}, above ${MAX_PORT}${others}; ${advice.forOverflow()}`];
}

function collisionProblems(slots: readonly SlotPlan[], advice: StrideAdvice): string[] {
  const problems: string[] = [];
  const owners = new Map<number, { slot: number; spec: PlannedPort }>();
  for (const plan of slots) {
    for (const p of plan.ports.filter((port) => port.port <= MAX_PORT)) {
      const owner = owners.get(p.port);
      if (!owner) owners.set(p.port, { slot: plan.slot, spec: p });
      else if (owner.slot === plan.slot) {
        problems.push(`${describePort(plan.slot, p)} and ${owner.spec.service} ${owner.spec.name} (${owner.spec.variable}) publish the same port ${p.port} in one slot; the subject's ports must differ`);
      } else {
        problems.push(`${describePort(plan.slot, p)} and ${describePort(owner.slot, owner.spec)} would both use port ${p.port}; ${advice.forCollision()}`);
      }
    }
  }
  return problems;
}

/** Which port_stride would work for these slots, and how many slots the current one allows. */
class StrideAdvice {
  private readonly maxBase: number;
  private readonly lowest: number;
  private readonly highest: number;
  private readonly found = new Map<number, number | undefined>();

  constructor(
    private readonly specs: readonly PortSpec[],
    private readonly slotNumbers: readonly number[],
    private readonly stride: number,
  ) {
    this.maxBase = Math.max(...specs.map((s) => s.base));
    this.lowest = Math.min(...slotNumbers);
    this.highest = Math.max(...slotNumbers);
  }

  forOverflow(): string {
    const better = this.workingStride(this.stride - 1);
    const fix = better === undefined
      ? `no port_stride fits ${this.range()}`
      : `a smaller port_stride fixes it: ${better} fits ${this.range()}`;
    const fitting = Math.max(0, Math.floor((MAX_PORT - this.maxBase) / this.stride) - this.lowest + 1);
    const fewer = fitting > 0 ? `, or use at most ${fitting} slot${fitting === 1 ? '' : 's'} with port_stride ${this.stride}` : '';
    return `${fix} (port_stride is ${this.stride})${fewer}`;
  }

  forCollision(): string {
    const better = this.workingStride(DEFAULT_PORT_STRIDE);
    return better === undefined
      ? `port_stride ${this.stride} puts them on one port and no port_stride keeps ${this.range()} apart; use fewer slots`
      : `port_stride ${this.stride} puts them on one port; port_stride ${better} keeps every port of ${this.range()} apart`;
  }

  private range(): string {
    return this.lowest === this.highest ? `slot ${this.lowest}` : `slots ${this.lowest}-${this.highest}`;
  }

  /** The largest stride up to `from` that keeps every port of these slots valid and distinct. */
  private workingStride(from: number): number | undefined {
    if (!this.found.has(from)) {
      const limit = this.highest === 0 ? from : Math.min(from, Math.floor((MAX_PORT - this.maxBase) / this.highest));
      let result: number | undefined;
      for (let candidate = limit; candidate >= 1 && result === undefined; candidate--) {
        if (this.portsAreDistinct(candidate)) result = candidate;
      }
      this.found.set(from, result);
    }
    return this.found.get(from);
  }

  private portsAreDistinct(stride: number): boolean {
    const seen = new Set<number>();
    for (const slot of this.slotNumbers) {
      for (const spec of this.specs) {
        const port = spec.base + slot * stride;
        if (seen.has(port)) return false;
        seen.add(port);
      }
    }
    return true;
  }
}
