import type { SubjectDefinition } from './subject.ts';
import { etcdSubject } from './etcd/etcd-subject.ts';

export const SUBJECTS: ReadonlyMap<string, SubjectDefinition> = new Map([[etcdSubject.name, etcdSubject]]);

export function subjectNames(): string[] {
  return [...SUBJECTS.keys()];
}
