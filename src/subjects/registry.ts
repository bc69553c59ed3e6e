import type { SubjectDefinition } from './subject.ts';
import { etcdSubject } from './etcd/etcd-subject.ts';
import { tikvSubject } from './tikv/tikv-subject.ts';

export const SUBJECTS: ReadonlyMap<string, SubjectDefinition> = new Map([
  [etcdSubject.name, etcdSubject],
  [tikvSubject.name, tikvSubject],
]);

export function subjectNames(): string[] {
  return [...SUBJECTS.keys()];
}
