import type { TrialRow } from '../store/results-db.ts';
import { classifyTrialCommands, thrashingEpisodes, trialCommands, type ClassifiedCommand, type ThrashingEpisode } from './commands.ts';

export interface PhaseDetail {
  phase: string;
  startedAt: string;
  endedAt: string;
  ms: number;
  error?: string;
}

export interface TicketDetail {
  id: number;
  status: string;
  summary: string;
  firstSeenAt: string | undefined;
  resolvedAt: string | undefined;
  /** After the injection; negative for a ticket opened before it (not counted). */
  openedAfterInjectionMs: number | undefined;
  resolvedAfterInjectionMs: number | undefined;
}

export interface TrialDetail {
  id: number;
  campaignId: string;
  ordinal: number;
  subject: string;
  chaosType: string;
  baseline: boolean;
  seed: number;
  slot: number | null;
  project: string | null;
  status: string;
  outcome: string | null;
  attempts: number;
  error: string | null;
  startedAt: string | null;
  endedAt: string | null;
  chaosInjectedAt: string | null;
  timeToDetectMs: number | null;
  timeToResolveMs: number | null;
  phases: PhaseDetail[];
  chaos: unknown;
  tickets: TicketDetail[];
  commands: ClassifiedCommand[];
  thrashing: ThrashingEpisode[];
  stateBefore: unknown;
  stateAfter: unknown;
  operator: unknown;
  operatorLog: string | null;
  /** The client workload's check: { report } or { error }, undefined when none ran. */
  workload: unknown;
}

function parse(json: string | null): unknown {
  if (json == null) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return { unparsable: json };
  }
}

interface StoredTicket {
  id: number;
  status: string;
  summary: string;
  firstSeenAt?: number;
  resolvedAt?: number;
}

/** Everything recorded about one trial, decoded and with its commands classified. */
export function describeTrial(t: TrialRow): TrialDetail {
  const injected = t.chaos_injected_at ? Date.parse(t.chaos_injected_at) : undefined;
  const since = (ms: number | undefined) => (ms === undefined || injected === undefined ? undefined : ms - injected);
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const stored = parse(t.tickets_json);
  const tickets = (Array.isArray(stored) ? (stored as StoredTicket[]) : []).map((k) => ({
    id: k.id,
    status: k.status,
    summary: k.summary,
    firstSeenAt: iso(k.firstSeenAt),
    resolvedAt: iso(k.resolvedAt),
    openedAfterInjectionMs: since(k.firstSeenAt),
    resolvedAfterInjectionMs: since(k.resolvedAt),
  }));
  return {
    id: t.id,
    campaignId: t.campaign_id,
    ordinal: t.ordinal,
    subject: t.subject,
    chaosType: t.chaos_type,
    baseline: t.baseline === 1,
    seed: t.seed,
    slot: t.slot,
    project: t.project,
    status: t.status,
    outcome: t.outcome,
    attempts: t.attempts,
    error: t.error,
    startedAt: t.started_at,
    endedAt: t.ended_at,
    chaosInjectedAt: t.chaos_injected_at,
    timeToDetectMs: t.time_to_detect_ms,
    timeToResolveMs: t.time_to_resolve_ms,
    phases: (parse(t.phases_json) as PhaseDetail[] | undefined) ?? [],
    chaos: parse(t.chaos_json),
    tickets,
    commands: classifyTrialCommands(t),
    thrashing: thrashingEpisodes(trialCommands(t)),
    stateBefore: parse(t.state_before_json),
    stateAfter: parse(t.state_after_json),
    operator: parse(t.operator_json),
    operatorLog: t.operator_log,
    workload: parse(t.workload_json),
  };
}
