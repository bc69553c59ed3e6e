import { setTimeout as sleep } from 'node:timers/promises';
import type { Ticket, TicketStoreReader } from '../operator/ticket-store.ts';
import type { TrialResult } from '../store/results-db.ts';
import type { PhaseClock } from './phases.ts';

/** Keeps the lag between a ticket's write and the harness seeing it well under 0.25 s. */
export const TICKET_POLL_MS = 50;

export interface TicketWatch {
  reader: TicketStoreReader;
  injectedAt: number;
  /** The store's newest ticket id just before the injection: only tickets above it count. */
  lastTicketBefore: number;
  detectDeadline: number;
  resolveDeadline: number;
  /** True once waiting is pointless: interrupted, or the operator is gone. */
  stopWaiting: () => boolean;
}

export interface TicketEvidence {
  detected: boolean;
  resolved: boolean;
}

/** Waits for the first ticket opened after the injection, then for its resolution. */
export async function watchTickets(
  watch: TicketWatch,
  clock: PhaseClock,
  result: TrialResult,
  notes: string[],
): Promise<TicketEvidence> {
  const { reader, injectedAt } = watch;
  const openedAfter = (t: Ticket) => t.id > watch.lastTicketBefore;
  const opened = await clock.time('detect', () => pollTicket(reader, openedAfter, watch.detectDeadline, watch.stopWaiting));
  if (!opened) return { detected: false, resolved: false };
  // an operator may date a ticket back to a failure it saw before the injection: then the
  // harness's own sighting is the only honest detection instant
  const detectedAt = opened.ticket.firstSeenAt >= injectedAt ? opened.ticket.firstSeenAt : opened.seenAt;
  if (detectedAt !== opened.ticket.firstSeenAt) {
    const early = ((injectedAt - opened.ticket.firstSeenAt) / 1000).toFixed(1);
    notes.push(`ticket ${opened.ticket.id} opened after the injection but dated ${early} s before it; detection counted from when the harness saw it`);
  }
  result.detected_at = iso(detectedAt);
  result.detection_seen_at = iso(opened.seenAt);
  result.time_to_detect_ms = detectedAt - injectedAt;
  const isResolved = (t: Ticket) => t.id === opened.ticket.id && t.status === 'resolved' && t.resolvedAt !== undefined;
  const resolved = await clock.time('resolve', async () =>
    isResolved(opened.ticket) ? opened : pollTicket(reader, isResolved, watch.resolveDeadline, watch.stopWaiting),
  );
  if (!resolved) return { detected: true, resolved: false };
  result.resolved_at = iso(resolved.ticket.resolvedAt!);
  result.time_to_resolve_ms = resolved.ticket.resolvedAt! - injectedAt;
  return { detected: true, resolved: true };
}

/**
 * Polls until a ticket matches. A busy store (the operator mid-write) counts
 * as "nothing yet" and is asked again on the next poll, until the deadline.
 * Checked once more after stopWaiting turns true, so a ticket written just
 * before the operator exited still counts.
 */
export async function pollTicket(
  reader: TicketStoreReader,
  match: (t: Ticket) => boolean,
  deadline: number,
  stopWaiting: () => boolean,
): Promise<{ ticket: Ticket; seenAt: number } | undefined> {
  for (;;) {
    const stop = stopWaiting() || Date.now() >= deadline;
    const ticket = readTickets(reader).find(match);
    if (ticket) return { ticket, seenAt: Date.now() };
    if (stop) return undefined;
    await sleep(TICKET_POLL_MS);
  }
}

function readTickets(reader: TicketStoreReader): Ticket[] {
  try {
    return reader.tickets();
  } catch (error) {
    if (isBusy(error)) return [];
    throw error;
  }
}

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
