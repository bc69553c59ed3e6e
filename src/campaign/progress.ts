import { seconds, type LogSink, type Logger } from '../log/logger.ts';
import type { TrialRow } from '../store/results-db.ts';

/** What the campaign run reports as it goes. */
export interface ProgressListener {
  start(totals: { total: number; done: number; successes: number }): void;
  trialStarted(slot: number, trial: TrialRow): void;
  phase(slot: number, phase: string): void;
  trialFinished(slot: number, trial: TrialRow, outcome: string, retrying: boolean): void;
  slotIdle(slot: number): void;
  stop(): void;
}

interface SlotLine {
  trial: TrialRow | undefined;
  phase: string;
  since: number;
}

/** The campaign's state as lines: one per slot, then the overall line. */
export class ProgressState {
  readonly slots = new Map<number, SlotLine>();
  total = 0;
  done = 0;
  successes = 0;
  private doneThisRun = 0;
  private started = 0;

  start(totals: { total: number; done: number; successes: number }, now: number): void {
    Object.assign(this, totals);
    this.doneThisRun = 0;
    this.started = now;
  }

  setSlot(slot: number, trial: TrialRow | undefined, phase: string, now: number): void {
    this.slots.set(slot, { trial: trial ?? this.slots.get(slot)?.trial, phase, since: now });
  }

  finished(outcome: string): void {
    this.done++;
    this.doneThisRun++;
    if (outcome === 'success' || outcome === 'self_healed') this.successes++;
  }

  /** Remaining trials at this run's pace so far; unknown until one has finished. */
  etaMs(now: number): number | undefined {
    if (this.doneThisRun === 0) return undefined;
    return ((now - this.started) / this.doneThisRun) * (this.total - this.done);
  }

  lines(now: number): string[] {
    const slotLines = [...this.slots.entries()]
      .sort(([a], [b]) => a - b)
      .map(([slot, line]) => {
        const trial = line.trial ? `trial ${line.trial.ordinal} ${line.trial.chaos_type}${line.trial.baseline ? ' (baseline)' : ''}` : 'no trial';
        return `slot ${slot}: ${line.phase === 'idle' ? 'idle' : `${trial}, ${line.phase}, ${seconds(now - line.since)}`}`;
      });
    const eta = this.etaMs(now);
    const overall = `${this.done}/${this.total} done, ${this.successes} success(es), ETA ${eta === undefined ? '-' : seconds(eta)}`;
    return [...slotLines, overall];
  }
}

const REDRAW_MS = 500;

/**
 * Redraws the progress block in place on a terminal. Log lines are written
 * above it through `sink`, so the two never interleave.
 */
export class TerminalProgress implements ProgressListener {
  private readonly state = new ProgressState();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly out: NodeJS.WriteStream) {}

  readonly sink: LogSink = {
    write: (line) => {
      this.clear();
      this.out.write(line);
      this.draw();
    },
  };

  start(totals: { total: number; done: number; successes: number }): void {
    this.state.start(totals, Date.now());
    this.timer ??= setInterval(() => this.redraw(), REDRAW_MS);
    this.timer.unref();
  }

  trialStarted(slot: number, trial: TrialRow): void {
    this.state.setSlot(slot, trial, 'starting', Date.now());
  }

  phase(slot: number, phase: string): void {
    this.state.setSlot(slot, undefined, phase, Date.now());
  }

  trialFinished(_slot: number, _trial: TrialRow, outcome: string, retrying: boolean): void {
    if (!retrying) this.state.finished(outcome);
    this.redraw();
  }

  slotIdle(slot: number): void {
    this.state.setSlot(slot, undefined, 'idle', Date.now());
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private redraw(): void {
    this.clear();
    this.draw();
  }

  private draw(): void {
    if (!this.timer) return;
    const lines = this.state.lines(Date.now());
    // a wrapped line would break the cursor arithmetic of the next redraw
    const width = this.out.columns > 0 ? this.out.columns - 1 : Infinity;
    this.out.write(`${lines.map((l) => l.slice(0, width)).join('\n')}\n`);
    this.drawn = lines.length;
  }

  private clear(): void {
    if (this.drawn === 0) return;
    this.out.moveCursor(0, -this.drawn);
    this.out.clearScreenDown();
    this.drawn = 0;
  }
}

/** For logs and pipes: a line when a trial starts and the overall line when one finishes. */
export class LogProgress implements ProgressListener {
  private readonly state = new ProgressState();

  constructor(private readonly logger: Logger) {}

  start(totals: { total: number; done: number; successes: number }): void {
    this.state.start(totals, Date.now());
  }

  trialStarted(slot: number, trial: TrialRow): void {
    this.state.setSlot(slot, trial, 'starting', Date.now());
    const kind = `${trial.chaos_type}${trial.baseline ? ', baseline' : ''}`;
    this.logger.info(`Slot ${slot}: trial ${trial.ordinal} (${kind}) started`);
  }

  phase(slot: number, phase: string): void {
    this.state.setSlot(slot, undefined, phase, Date.now());
    this.logger.debug(`Slot ${slot}: ${phase}`);
  }

  trialFinished(_slot: number, _trial: TrialRow, outcome: string, retrying: boolean): void {
    if (retrying) return;
    this.state.finished(outcome);
    this.logger.info(this.state.lines(Date.now()).at(-1)!);
  }

  slotIdle(slot: number): void {
    this.state.setSlot(slot, undefined, 'idle', Date.now());
  }

  stop(): void {}
}
