/** A place in a source file. Lines and columns count from 1, as editors show them. */
export interface SourcePosition {
  /** Path of the file as the user named it (relative to the working directory when possible). */
  file: string;
  line: number;
  column: number;
  /** End of the span, when known; used for SARIF regions and editor highlights. */
  endLine?: number;
  endColumn?: number;
}

/** How much a finding matters: `error` fails validate, `warning` and `note` only report. */
export type Severity = 'error' | 'warning' | 'note';

/**
 * One result of a check. Findings are data: every output (text, JSON, SARIF,
 * annotations, job summary, tests) is rendered from this one shape.
 */
export interface Finding {
  /** Stable dotted id, e.g. `isolation.cross-environment-trust`. Never reworded once shipped. */
  rule: string;
  severity: Severity;
  /** What is wrong, naming the value and the limit where there is one. */
  message: string;
  /** What to write instead. */
  fix: string;
  /** Where the offending value sits in the catalogue (or manifest). */
  position?: SourcePosition;
  /** Role name, app, environment or identity the finding concerns, for grouping. */
  subject?: FindingSubject;
  /** Set when the catalogue silences this finding; the reason is shown, never hidden. */
  suppressed?: { reason: string; position?: SourcePosition };
}

/** The slice of the catalogue a finding is about. Every field is optional. */
export interface FindingSubject {
  app?: string;
  environment?: string;
  identity?: string;
  capability?: string;
  role?: string;
}

/** True when any finding is an error that has not been silenced. */
export function hasBlockingFindings(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error' && !finding.suppressed);
}

/** Formats a position as `file:line:col`, the form editors and terminals turn into links. */
export function formatPosition(position: SourcePosition | undefined): string {
  if (!position) return '';
  return `${position.file}:${position.line}:${position.column}`;
}
