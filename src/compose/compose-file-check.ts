import { readFile } from 'node:fs/promises';
import type { InputProblem } from '../campaign/input-error.ts';
import { parseLocatedYaml, type LocatedYaml } from '../campaign/yaml-lines.ts';
import type { PortSpec } from '../subjects/subject.ts';

type Service = Record<string, unknown>;

/**
 * Refuses a subject's Compose file where slots would not be isolated: a fixed
 * container name or a literal host port would be claimed by every slot, and a
 * port variable the file never reads would leave the port plan without effect.
 */
export async function checkComposeFile(file: string, ports: readonly PortSpec[]): Promise<InputProblem[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => error);
  if (typeof text !== 'string') return [{ file, message: `cannot read the subject's Compose file (${text.code ?? text.message})` }];
  return checkComposeText(text, file, ports);
}

export function checkComposeText(text: string, file: string, ports: readonly PortSpec[]): InputProblem[] {
  const yaml = parseLocatedYaml(text, file, { merge: true });
  if (yaml.syntaxProblems.length > 0) return yaml.syntaxProblems;
  const services = (yaml.doc.toJS() as { services?: unknown } | null)?.services;
  if (services === null || typeof services !== 'object' || Array.isArray(services)) {
    return [{ file, line: yaml.lineOf(['services']), path: 'services', message: 'expected a mapping of services' }];
  }
  const problems = Object.entries(services as Record<string, Service>).flatMap(([name, service]) =>
    serviceProblems(yaml, file, name, service ?? {}),
  );
  for (const spec of ports) {
    if (!new RegExp(`\\$\\{?${spec.variable}(?![A-Za-z0-9_])`).test(text)) {
      problems.push({
        file,
        path: `services.${spec.service}.ports`,
        message: `the subject publishes ${spec.service} ${spec.name} through \${${spec.variable}}, but the file never uses that variable, so the slot's port plan would not apply`,
      });
    }
  }
  return problems;
}

function serviceProblems(yaml: LocatedYaml, file: string, name: string, service: Service): InputProblem[] {
  const problems: InputProblem[] = [];
  if (service.container_name !== undefined) {
    const path = ['services', name, 'container_name'];
    problems.push({
      file,
      line: yaml.lineOf(path),
      path: path.join('.'),
      message: `service ${name} has a fixed container name ${JSON.stringify(service.container_name)}; it breaks isolation between slots (every slot's project would claim that one container); remove it, Compose names containers after the project`,
    });
  }
  const published = Array.isArray(service.ports) ? service.ports : [];
  published.forEach((entry, i) => {
    const host = hostPort(entry);
    if (host === undefined || !/^\d+(-\d+)?$/.test(host)) return;
    const path = ['services', name, 'ports', i];
    problems.push({
      file,
      line: yaml.lineOf(path),
      path: path.join('.'),
      message: `service ${name} publishes the literal host port ${host}; every slot would claim it; publish \${SOME_HOST_PORT:-${host}} instead`,
    });
  });
  return problems;
}

/** The host side of a published port, or undefined when only the container port is given. */
function hostPort(entry: unknown): string | undefined {
  if (entry !== null && typeof entry === 'object') {
    const published = (entry as { published?: unknown }).published;
    return published === undefined ? undefined : String(published);
  }
  const parts = splitOutsideVariables(String(entry).replace(/\/(tcp|udp|sctp)$/, ''));
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

/** Splits "ip:host:container" on colons that are not inside ${...}. */
function splitOutsideVariables(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '$' && value[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}
