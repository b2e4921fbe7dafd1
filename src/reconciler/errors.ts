/** Typed errors of the reconciler, with messages that name the topic and Kafka's error. */
import type { PlanAction, PlanIssue } from '../planner/plan.js';

interface KafkajsLikeError {
  message?: string;
  type?: string;
  topic?: string;
  errors?: unknown[];
}

/** Flattens a kafkajs (aggregate) error or a KafkaProtocolError into one readable line. */
export function describeKafkaError(err: unknown): string {
  const e = err as KafkajsLikeError;
  const parts = Array.isArray(e?.errors) && e.errors.length > 0 ? (e.errors as KafkajsLikeError[]) : [e];
  return parts
    .map((p) => {
      const type = p?.type && !String(p.message ?? '').includes(p.type) ? `${p.type}: ` : '';
      return `${p?.topic ? `${p.topic}: ` : ''}${type}${p?.message ?? String(p)}`;
    })
    .join('; ');
}

export class PlanRefusedError extends Error {
  constructor(readonly issues: readonly PlanIssue[]) {
    super(`the plan has ${issues.length} error(s); nothing was applied:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
    this.name = 'PlanRefusedError';
  }
}

/** The cluster refused the plan during the validate-only pass: nothing was changed. */
export class ApplyValidationError extends Error {
  constructor(readonly failures: readonly { action: PlanAction; message: string }[]) {
    super(
      `the cluster refused ${failures.length} change(s) in a validate-only pass; nothing was applied:\n` +
        failures.map((f) => `  - ${f.message.startsWith(`${f.action.topic}: `) ? f.message : `${f.action.topic}: ${f.message}`}`).join('\n'),
    );
    this.name = 'ApplyValidationError';
  }
}

/** A change failed while applying: earlier changes are in place, later ones were not attempted. */
export class ApplyFailedError extends Error {
  constructor(
    readonly applied: readonly PlanAction[],
    readonly failed: PlanAction,
    readonly notAttempted: readonly PlanAction[],
    reason: string,
  ) {
    super(
      `applying ${failed.kind} ${failed.topic} failed: ${reason}\n` +
        `  ${applied.length} change(s) were applied before it; ${notAttempted.length} change(s) after it were not attempted. ` +
        'Run plan again to see what is left.',
    );
    this.name = 'ApplyFailedError';
  }
}
