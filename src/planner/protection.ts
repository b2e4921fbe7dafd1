/**
 * Protected topics: topics topicops never creates, changes or deletes. A topic is protected when its
 * name matches one of desired.protectedTopics (regex sources, default ["^__"]) or the cluster marks it internal.
 */
import type { TopicState } from '../model/cluster-state.js';
import type { PlanIssue } from './plan.js';
import { issue } from './issues.js';

export interface ProtectionRules {
  /** True when a topic with this name (and, if it exists, this cluster state) must not be touched. */
  isProtected(name: string, actual: TopicState | undefined): boolean;
  /** Errors for patterns that are not valid regular expressions. */
  readonly errors: readonly PlanIssue[];
}

export function compileProtection(patterns: readonly string[]): ProtectionRules {
  const regexes: RegExp[] = [];
  const errors: PlanIssue[] = [];
  for (const source of patterns) {
    try {
      regexes.push(new RegExp(source, 'u'));
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      errors.push(issue('invalid-protected-pattern', undefined, `protectedTopics entry ${JSON.stringify(source)} is not a valid regular expression: ${detail}`));
    }
  }
  return {
    errors,
    isProtected(name, actual) {
      return actual?.internal === true || regexes.some((re) => re.test(name));
    },
  };
}
