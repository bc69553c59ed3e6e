/** One problem in a file the user gave us, located as precisely as we can. */
export interface InputProblem {
  file: string;
  line?: number;
  path?: string;
  message: string;
}

export function formatProblem(p: InputProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

/** Bad input: every problem found, reported at once; the CLI exits with 2. */
export class InputError extends Error {
  readonly exitCode = 2;

  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
}
