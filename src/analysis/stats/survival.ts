/** A time until something happened, or until we stopped watching (censored). */
export interface TimeObservation {
  ms: number;
  censored: boolean;
}

export interface SurvivalStep {
  ms: number;
  /** Share still waiting just after this time. */
  surviving: number;
}

/** Kaplan-Meier survival curve: one step per distinct event time. */
export function kaplanMeier(observations: readonly TimeObservation[]): SurvivalStep[] {
  const sorted = [...observations].sort((x, y) => x.ms - y.ms || Number(x.censored) - Number(y.censored));
  const steps: SurvivalStep[] = [];
  let atRisk = sorted.length;
  let surviving = 1;
  for (let i = 0; i < sorted.length; ) {
    const ms = sorted[i]!.ms;
    let events = 0;
    let leaving = 0;
    for (; i < sorted.length && sorted[i]!.ms === ms; i++, leaving++) if (!sorted[i]!.censored) events++;
    if (events > 0) {
      surviving *= 1 - events / atRisk;
      steps.push({ ms, surviving });
    }
    atRisk -= leaving;
  }
  return steps;
}

/**
 * The time by which a share `q` of trials had their event, from the
 * Kaplan-Meier curve (q = 0.5 is the median). undefined when the curve never
 * falls that far: too many trials were censored to say, and "not reached" is
 * the honest answer.
 */
export function survivalQuantile(observations: readonly TimeObservation[], q: number): number | undefined {
  const curve = kaplanMeier(observations);
  const eps = 1e-12;
  for (let i = 0; i < curve.length; i++) {
    const step = curve[i]!;
    if (Math.abs(step.surviving - (1 - q)) < eps) {
      // The curve is flat at exactly 1 - q: by convention the middle of the flat stretch.
      const next = curve[i + 1];
      return next ? (step.ms + next.ms) / 2 : step.ms;
    }
    if (step.surviving < 1 - q) return step.ms;
  }
  return undefined;
}
