/**
 * Rules across topics: a name declared twice, and names Kafka refuses together because they collide once
 * '.' and '_' are treated alike (metric names). Every problem names both locations. Pure.
 */
import type { SpecProblem } from './problems.js';
import type { TopicDraft } from './topic-file.js';

interface Declared {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const where = (d: Declared): string => `${d.file}:${d.line}:${d.column}`;

function problemAt(d: Declared, message: string): SpecProblem {
  return { severity: 'error', file: d.file, line: d.line, column: d.column, path: 'name', message };
}

/** Kafka's Topic.unifyCollisionChars. */
export function collisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

export interface CrossTopicResult {
  readonly problems: readonly SpecProblem[];
  /** The later declaration of each duplicate or colliding pair; kept out of the desired state. */
  readonly rejected: ReadonlySet<TopicDraft>;
}

/** Drafts in declaration order (files sorted, documents in order). Drafts without a name are skipped. */
export function crossTopicProblems(drafts: readonly TopicDraft[]): CrossTopicResult {
  const problems: SpecProblem[] = [];
  const rejected = new Set<TopicDraft>();
  const byName = new Map<string, Declared>();
  const byCollisionKey = new Map<string, Declared>();
  for (const draft of drafts) {
    if (draft.name === undefined) continue;
    const d: Declared = { name: draft.name, file: draft.file, ...draft.doc.locate(['name']) };
    const first = byName.get(d.name);
    if (first !== undefined) {
      problems.push(problemAt(d, `duplicate topic "${d.name}": also declared at ${where(first)}`));
      rejected.add(draft);
      continue;
    }
    byName.set(d.name, d);
    const key = collisionKey(d.name);
    const other = byCollisionKey.get(key);
    if (other !== undefined) {
      problems.push(
        problemAt(d, `topic "${d.name}" collides with "${other.name}" (${where(other)}): Kafka treats '.' and '_' alike in metric names and refuses to have both`),
      );
      rejected.add(draft);
      continue;
    }
    byCollisionKey.set(key, d);
  }
  return { problems, rejected };
}
