import { readFile } from 'node:fs/promises';
import type { SlotPlan } from './port-plan.ts';

export const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';

export interface PortRange {
  low: number;
  high: number;
}

/** The kernel's range for outgoing connections' local ports; undefined where there is no such file. */
export async function readEphemeralRange(file = EPHEMERAL_RANGE_FILE): Promise<PortRange | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const [low, high] = (text ?? '').trim().split(/\s+/).map(Number);
  return Number.isInteger(low) && Number.isInteger(high) ? { low: low!, high: high! } : undefined;
}

/**
 * A published port inside the ephemeral range can be held, at the moment a slot
 * starts, by some outgoing connection on the host. That is rare and passes,
 * so it is a warning, one per slot.
 */
export function ephemeralRangeWarnings(slots: readonly SlotPlan[], range: PortRange | undefined): string[] {
  if (!range) return [];
  return slots.flatMap((slot) => {
    const inside = slot.ports.filter((p) => p.port >= range.low && p.port <= range.high);
    if (inside.length === 0) return [];
    const ports = inside.map((p) => `${p.port} (${p.service} ${p.name})`).join(', ');
    return [
      `slot ${slot.slot} (${slot.project}): port${inside.length === 1 ? '' : 's'} ${ports} inside the kernel's ephemeral port range ${range.low}-${range.high} (${EPHEMERAL_RANGE_FILE}); an outgoing connection may hold one when the slot starts; a port_stride that keeps ports below ${range.low} avoids it`,
    ];
  });
}
