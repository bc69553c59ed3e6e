import { isMap, isSeq, LineCounter, parseDocument, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import type { InputProblem } from './input-error.ts';

/** A YAML document that can say on which line a key path is written. */
export interface LocatedYaml {
  doc: Document;
  /** Syntax errors, already located; the document is unusable when there are any. */
  syntaxProblems: InputProblem[];
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export function parseLocatedYaml(text: string, file: string, options: ParseOptions & DocumentOptions & SchemaOptions = {}): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, ...options });
  const syntaxProblems = doc.errors.map((e) => ({
    file,
    line: lineCounter.linePos(e.pos[0]).line,
    message: `YAML syntax error: ${e.message.split('\n')[0]}`,
  }));
  return { doc, syntaxProblems, lineOf: (path) => lineOf(doc, lineCounter, path) };
}

/** The line of the deepest node along the path that exists in the document. */
function lineOf(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    const keyNode = depth > 0 ? keyNodeAt(doc, prefix) : undefined;
    const range = (keyNode ?? node) as { range?: [number, number, number] } | undefined;
    if (range?.range) return lineCounter.linePos(range.range[0]).line;
  }
  return undefined;
}

/** For a mapping entry, the node of its key (the line a user reads as "the field"). */
function keyNodeAt(doc: Document, path: readonly (string | number)[]): unknown {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  if (isMap(parent)) return parent.items.find((pair) => (pair.key as { value?: unknown })?.value === key)?.key;
  if (isSeq(parent) && typeof key === 'number') return parent.items[key];
  return undefined;
}
