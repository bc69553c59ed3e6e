export type StateChange = 'same' | 'changed' | 'added' | 'removed';

export interface StateDiffRow {
  path: string;
  before: string | undefined;
  after: string | undefined;
  change: StateChange;
}

/** Leaves of a JSON value by path (`health.members[1].healthy`), each as JSON text. */
export function flattenJson(value: unknown, path = '', into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, i) => flattenJson(item, `${path}[${i}]`, into));
  } else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) flattenJson(item, path ? `${path}.${key}` : key, into);
  } else {
    into.set(path || '(value)', JSON.stringify(value));
  }
  return into;
}

/** The state before and after a trial, leaf by leaf, in the order they first appear. */
export function diffStates(before: unknown, after: unknown): StateDiffRow[] {
  const a = flattenJson(before);
  const b = flattenJson(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.map((path) => {
    const x = a.get(path);
    const y = b.get(path);
    const change: StateChange = x === undefined ? 'added' : y === undefined ? 'removed' : x === y ? 'same' : 'changed';
    return { path, before: x, after: y, change };
  });
}
