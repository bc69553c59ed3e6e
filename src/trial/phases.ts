export type PhaseName =
  | 'healthy'
  | 'operator_start'
  | 'capture_before'
  | 'inject'
  | 'detect'
  | 'resolve'
  | 'capture_after'
  | 'workload_check'
  | 'operator_stop'
  | 'cleanup';

export interface PhaseRecord {
  phase: PhaseName;
  startedAt: string;
  endedAt: string;
  ms: number;
  error?: string;
}

/** Timestamps every phase of a trial, including the ones that fail. */
export class PhaseClock {
  readonly phases: PhaseRecord[] = [];
  current: PhaseName | undefined;

  /** onPhase hears each phase as it starts (progress display). */
  constructor(private readonly onPhase?: (phase: PhaseName) => void) {}

  async time<T>(phase: PhaseName, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    this.current = phase;
    this.onPhase?.(phase);
    const record = (error?: unknown) => {
      const ended = Date.now();
      this.phases.push({
        phase,
        startedAt: new Date(started).toISOString(),
        endedAt: new Date(ended).toISOString(),
        ms: ended - started,
        ...(error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) }),
      });
    };
    try {
      const result = await work();
      record();
      return result;
    } catch (error) {
      record(error);
      throw error;
    }
  }
}
