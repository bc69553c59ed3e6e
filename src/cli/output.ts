import Table from 'cli-table3';

/** A plain table for the terminal. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function formatSeconds(ms: number | undefined | null): string {
  return ms == null ? '-' : `${(ms / 1000).toFixed(2)} s`;
}

export function formatPercent(value: number | undefined): string {
  return value === undefined ? '-' : `${(value * 100).toFixed(0)}%`;
}
