import type { TrialRow } from '../store/results-db.ts';
import { COMMAND_RULES, FALLBACK_RULE, type CommandCategory } from './command-rules.ts';

export interface LoggedCommand {
  timestamp: number;
  toolName?: string;
  toolParams?: string;
  exitCode?: number;
}

export interface ClassifiedCommand {
  text: string;
  timestamp: number;
  exitCode: number | undefined;
  category: CommandCategory;
  rule: string;
  why: string;
  /** Set by an optional refining classifier; the rule-based category above is always kept. */
  refined?: { category: CommandCategory; by: string; reason: string };
}

export interface ThrashingEpisode {
  text: string;
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface CommandTotals {
  total: number;
  unique: number;
  failed: number;
  byCategory: Record<CommandCategory, number>;
  destructive: number;
  /** Commands run three or more times within a minute. */
  thrashing: number;
}

export const THRASH_REPEATS = 3;
export const THRASH_WINDOW_MS = 60_000;

export function commandText(c: LoggedCommand): string {
  return [c.toolName, c.toolParams].filter((p) => p !== undefined && p !== '').join(' ').trim();
}

export function classifyCommand(c: LoggedCommand, faultTargets: readonly string[]): ClassifiedCommand {
  const text = commandText(c);
  const rule = COMMAND_RULES.find((r) => r.matches({ text, faultTargets })) ?? FALLBACK_RULE;
  return { text, timestamp: c.timestamp, exitCode: c.exitCode, category: rule.category, rule: rule.id, why: rule.why };
}

/** The same command text three or more times within any 60 s window, once per run of repeats. */
export function thrashingEpisodes(commands: readonly LoggedCommand[]): ThrashingEpisode[] {
  const byText = new Map<string, number[]>();
  for (const c of commands) byText.set(commandText(c), [...(byText.get(commandText(c)) ?? []), c.timestamp]);
  const episodes: ThrashingEpisode[] = [];
  for (const [text, times] of byText) {
    times.sort((a, b) => a - b);
    let episode: ThrashingEpisode | undefined;
    let episodeStart = 0;
    for (let i = THRASH_REPEATS - 1; i < times.length; i++) {
      const start = i - THRASH_REPEATS + 1;
      if (times[i]! - times[start]! > THRASH_WINDOW_MS) continue;
      if (episode && times[start]! <= episode.lastAt) {
        episode.count = i - episodeStart + 1;
        episode.lastAt = times[i]!;
      } else {
        episodeStart = start;
        episode = { text, count: THRASH_REPEATS, firstAt: times[start]!, lastAt: times[i]! };
        episodes.push(episode);
      }
    }
  }
  return episodes;
}

/** The commands a trial logged, with nothing thrown for a store that could not be read. */
export function trialCommands(trial: Pick<TrialRow, 'commands_json'>): LoggedCommand[] {
  if (!trial.commands_json) return [];
  const parsed = JSON.parse(trial.commands_json) as unknown;
  return Array.isArray(parsed) ? (parsed as LoggedCommand[]).filter((c) => commandText(c) !== '') : [];
}

/** Container names, ids and services the trial's chaos hit. */
export function faultTargets(trial: Pick<TrialRow, 'chaos_json'>): string[] {
  if (!trial.chaos_json) return [];
  const chaos = JSON.parse(trial.chaos_json) as { target?: Record<string, unknown> };
  return Object.values(chaos.target ?? {}).filter((v): v is string => typeof v === 'string' && v !== '');
}

export function classifyTrialCommands(trial: Pick<TrialRow, 'commands_json' | 'chaos_json'>): ClassifiedCommand[] {
  const targets = faultTargets(trial);
  return trialCommands(trial).map((c) => classifyCommand(c, targets));
}

export function commandTotals(trials: ReadonlyArray<Pick<TrialRow, 'commands_json' | 'chaos_json'>>): CommandTotals {
  const byCategory: Record<CommandCategory, number> = { diagnostic: 0, remediation: 0, destructive: 0, other: 0 };
  const texts = new Set<string>();
  let total = 0;
  let failed = 0;
  let thrashing = 0;
  for (const trial of trials) {
    const classified = classifyTrialCommands(trial);
    for (const c of classified) {
      byCategory[c.category]++;
      texts.add(c.text);
      if (c.exitCode !== undefined && c.exitCode !== 0) failed++;
    }
    total += classified.length;
    thrashing += thrashingEpisodes(trialCommands(trial)).length;
  }
  return { total, unique: texts.size, failed, byCategory, destructive: byCategory.destructive, thrashing };
}
