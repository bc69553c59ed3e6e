import { z } from 'zod';
import type { ChaosType } from './chaos-type.ts';

export interface ParamDescription {
  name: string;
  /** integer 1..100, one of SIGKILL|SIGTERM, ... */
  kind: string;
  default?: unknown;
  description: string;
}

export interface ChaosDescription {
  name: string;
  description: string;
  params: ParamDescription[];
}

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  description?: string;
}

/** A chaos type's parameters read from its schema: the same source that validates them. */
export function describeChaos(type: ChaosType): ChaosDescription {
  const schema = z.toJSONSchema(type.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
  };
  const params = Object.entries(schema.properties ?? {}).map(([name, p]) => ({
    name,
    kind: kindOf(p),
    ...(p.default === undefined ? {} : { default: p.default }),
    description: p.description ?? '',
  }));
  return { name: type.name, description: type.description, params };
}

function kindOf(p: JsonSchemaProperty): string {
  if (p.enum) return `one of ${p.enum.join('|')}`;
  const low = p.minimum ?? (p.exclusiveMinimum === undefined ? undefined : `>${p.exclusiveMinimum}`);
  const high = p.maximum ?? (p.exclusiveMaximum === undefined ? undefined : `<${p.exclusiveMaximum}`);
  const range = low !== undefined || high !== undefined ? ` ${low ?? ''}..${high ?? ''}` : '';
  return `${p.type ?? 'any'}${range}`;
}
