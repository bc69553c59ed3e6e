export const OUTCOMES = [
  'success',
  'undetected',
  'unresolved',
  'false_resolution',
  'self_healed',
  'not_healed',
  'data_loss',
  'infra_error',
] as const;

export type Outcome = (typeof OUTCOMES)[number];

export interface OutcomeEvidence {
  baseline: boolean;
  detected: boolean;
  resolved: boolean;
  healthyAtEnd: boolean;
}

/** Exactly one outcome per trial, from what was observed. */
export function classifyOutcome(e: OutcomeEvidence): Outcome {
  if (e.baseline) return e.healthyAtEnd ? 'self_healed' : 'not_healed';
  if (!e.detected) return 'undetected';
  if (!e.resolved) return 'unresolved';
  return e.healthyAtEnd ? 'success' : 'false_resolution';
}

/** Outcomes that count towards win rates: everything but infrastructure errors. */
export function isScored(outcome: string | null | undefined): boolean {
  return outcome !== null && outcome !== undefined && outcome !== 'infra_error';
}
