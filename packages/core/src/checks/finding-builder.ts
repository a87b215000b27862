import type { Finding, FindingSubject, Severity, SourcePosition } from '../findings/finding.js';
import { ruleFor } from './rules.js';

/** What a check knows when it reports; the rule supplies the default severity. */
export interface FindingInput {
  message: string;
  fix: string;
  position?: SourcePosition | undefined;
  subject?: FindingSubject | undefined;
  /** Overrides the rule's severity, e.g. a conditional statement lowered to a note. */
  severity?: Severity;
}

/** Builds a finding for rule `id`, leaving out fields that have no value. */
export function makeFinding(id: string, input: FindingInput): Finding {
  const finding: Finding = {
    rule: id,
    severity: input.severity ?? ruleFor(id).severity,
    message: input.message,
    fix: input.fix,
  };
  if (input.position) finding.position = input.position;
  if (input.subject && Object.keys(input.subject).length > 0) finding.subject = input.subject;
  return finding;
}
