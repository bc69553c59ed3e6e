const SECRET_NAME = /(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;

/** Shorter values would blank out ordinary words; real API keys are far longer. */
const MIN_SECRET_LENGTH = 6;

/** Environment names that carry secrets by convention: *_KEY, *_TOKEN, *_SECRET, *_PASSWORD... */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Replaces secret values in text the harness keeps (operator logs, tickets,
 * commands). Secrets are the variant's `secret_env` plus every variable of the
 * harness environment whose name looks secret.
 */
export class Redactor {
  private readonly secrets: Array<{ name: string; value: string }>;

  constructor(secretNames: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    const names = new Set([...secretNames, ...Object.keys(env).filter(looksSecret)]);
    this.secrets = [...names]
      .flatMap((name) => {
        const value = env[name];
        return value && value.length >= MIN_SECRET_LENGTH ? [{ name, value }] : [];
      })
      .sort((a, b) => b.value.length - a.value.length);
  }

  get size(): number {
    return this.secrets.length;
  }

  redact(text: string): string {
    let result = text;
    for (const { name, value } of this.secrets) result = result.split(value).join(`[redacted ${name}]`);
    return result;
  }
}
