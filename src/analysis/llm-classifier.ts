import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CommandCategory } from './command-rules.ts';
import type { ClassifiedCommand } from './commands.ts';

const CATEGORIES: readonly CommandCategory[] = ['diagnostic', 'remediation', 'destructive', 'other'];

export interface LlmClassifierOptions {
  apiKey: string;
  /** An OpenAI-compatible chat completions URL. */
  url: string;
  model: string;
  /** JSON file of earlier answers, keyed by model and command text. */
  cachePath: string;
  timeoutMs?: number;
}

interface Answer {
  category: CommandCategory;
  reason: string;
}

const INSTRUCTIONS =
  'You classify one shell command an on-call operator ran against a distributed database cluster during an incident. ' +
  'Categories: diagnostic (reads state only), remediation (repairs without losing data), destructive (can lose data or ' +
  'availability: deletes volumes or data directories, removes containers or members, force flags, kills healthy members, ' +
  'unsafe recovery tools), other. A rule-based classifier already proposed a category. Answer with JSON only: ' +
  '{"category": "...", "reason": "one sentence"}.';

/**
 * Refines rule-based categories with a language model. Only used when asked
 * for and an API key is set; answers are cached per model and command, and the
 * rule-based category is always kept beside the refined one.
 */
export class LlmClassifier {
  private readonly cache: Record<string, Answer>;

  constructor(private readonly options: LlmClassifierOptions) {
    this.cache = existsSync(options.cachePath) ? (JSON.parse(readFileSync(options.cachePath, 'utf8')) as Record<string, Answer>) : {};
  }

  async refine(commands: readonly ClassifiedCommand[]): Promise<ClassifiedCommand[]> {
    const refined: ClassifiedCommand[] = [];
    let asked = false;
    for (const c of commands) {
      const key = `${this.options.model}\u0000${c.text}`;
      if (!this.cache[key]) {
        this.cache[key] = await this.ask(c);
        asked = true;
      }
      const answer = this.cache[key]!;
      refined.push({ ...c, refined: { category: answer.category, by: `llm:${this.options.model}`, reason: answer.reason } });
    }
    if (asked) {
      await mkdir(dirname(this.options.cachePath), { recursive: true });
      await writeFile(this.options.cachePath, `${JSON.stringify(this.cache, null, 2)}\n`);
    }
    return refined;
  }

  private async ask(c: ClassifiedCommand): Promise<Answer> {
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.apiKey}` },
      body: JSON.stringify({
        model: this.options.model,
        temperature: 0,
        messages: [
          { role: 'system', content: INSTRUCTIONS },
          { role: 'user', content: JSON.stringify({ command: c.text, exitCode: c.exitCode ?? null, ruleCategory: c.category, rule: c.rule }) },
        ],
      }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    if (!response.ok) throw new Error(`LLM classifier: ${this.options.url} answered HTTP ${response.status}`);
    const body = (await response.json()) as { choices?: Array<{ message?: { content?: string } }> };
    return parseAnswer(body.choices?.[0]?.message?.content);
  }
}

/** The model's JSON answer, refused with a clear message when it is not one of the four categories. */
export function parseAnswer(content: string | undefined): Answer {
  const json = content?.match(/\{[\s\S]*\}/)?.[0];
  let parsed: Partial<Answer> | undefined;
  try {
    parsed = json ? (JSON.parse(json) as Partial<Answer>) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || !CATEGORIES.includes(parsed.category as CommandCategory)) {
    throw new Error(`LLM classifier: expected {"category": one of ${CATEGORIES.join(', ')}, "reason": ...}, got ${JSON.stringify(content ?? null).slice(0, 200)}`);
  }
  return { category: parsed.category as CommandCategory, reason: String(parsed.reason ?? '') };
}

export const LLM_ENV = { key: 'GAUNTLET_LLM_API_KEY', url: 'GAUNTLET_LLM_URL', model: 'GAUNTLET_LLM_MODEL' } as const;

/** The classifier configured from the environment, or the reason it cannot be. */
export function llmClassifierFromEnv(env: NodeJS.ProcessEnv, cachePath: string): LlmClassifier | string {
  const apiKey = env[LLM_ENV.key];
  if (!apiKey) return `the LLM classifier needs an API key in ${LLM_ENV.key}`;
  return new LlmClassifier({
    apiKey,
    url: env[LLM_ENV.url] ?? 'https://api.openai.com/v1/chat/completions',
    model: env[LLM_ENV.model] ?? 'gpt-4o-mini',
    cachePath,
  });
}
