import { didYouMean } from '../campaign/closest-name.ts';
import { ephemeralRangeWarnings, readEphemeralRange } from '../ports/ephemeral-range.ts';
import { DEFAULT_PORT_STRIDE, planPorts } from '../ports/port-plan.ts';
import { portPlanJson, portTable } from '../ports/port-table.ts';
import { SUBJECTS } from '../subjects/registry.ts';
import type { PortSpec } from '../subjects/subject.ts';
import { TIKV_PORTS } from '../subjects/tikv/tikv-ports.ts';
import { ExitError } from '../exit-error.ts';
import { printJson, table } from './output.ts';

export interface PortsCommandOptions {
  slots: string;
  stride?: string;
  firstSlot?: string;
  json?: boolean;
}

/** Port lists of subjects whose driver may not be registered yet. */
const KNOWN_PORTS: ReadonlyMap<string, PortSpec[]> = new Map([['tikv', TIKV_PORTS]]);

/** Prints the host ports every slot of a subject would publish; exits 2 when the plan cannot work. */
export async function portsCommand(subject: string, options: PortsCommandOptions): Promise<number> {
  const specs = subjectPorts(subject);
  const count = positiveInt('--slots', options.slots, 1, 1000);
  const stride = positiveInt('--stride', options.stride ?? String(DEFAULT_PORT_STRIDE), 1, 65_535);
  const first = positiveInt('--first-slot', options.firstSlot ?? '0', 0, 1000);
  const plan = planPorts(subject, specs, Array.from({ length: count }, (_, i) => first + i), stride);
  const warnings = ephemeralRangeWarnings(plan.slots, await readEphemeralRange());
  if (options.json) {
    printJson(portPlanJson(plan, warnings));
    return plan.problems.length > 0 ? 2 : 0;
  }
  if (plan.problems.length > 0) {
    throw new ExitError(`the port plan cannot work:\n${plan.problems.map((p) => `  - ${p}`).join('\n')}`, 2);
  }
  const { head, rows } = portTable(plan);
  process.stdout.write(`${table(head, rows)}\n`);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  return 0;
}

function subjectPorts(name: string): PortSpec[] {
  const specs = SUBJECTS.get(name)?.ports ?? KNOWN_PORTS.get(name);
  if (specs) return specs;
  const known = [...new Set([...SUBJECTS.keys(), ...KNOWN_PORTS.keys()])];
  throw new ExitError(`unknown subject ${JSON.stringify(name)}${didYouMean(name, known)}; known subjects: ${known.join(', ')}`, 2);
}

function positiveInt(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new ExitError(`${flag}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`, 2);
  }
  return n;
}
