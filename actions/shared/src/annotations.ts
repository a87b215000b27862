import * as path from 'node:path';
import * as core from '@actions/core';
import type { Finding, Severity } from '@aoa-iam/core';
import { maskSecrets } from '@aoa-iam/core';

/**
 * GitHub shows at most 10 annotations of each level per step and drops the
 * rest silently; these are the documented limits.
 */
export const ANNOTATION_LIMITS: Readonly<Record<Severity, number>> = {
  error: 10,
  warning: 10,
  note: 10,
};

const RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Which findings become annotations, and what is left for the closing notice. */
export interface AnnotationPlan {
  /** Most severe first, within GitHub's limits. */
  annotated: Finding[];
  /** Findings not annotated, by severity. */
  rest: Record<Severity, number>;
}

/**
 * Orders findings most severe first (then by file and line, so the order is
 * stable) and keeps as many of each level as GitHub shows. One notice slot is
 * kept free for the "N more" notice whenever anything is left out.
 */
export function planAnnotations(findings: readonly Finding[]): AnnotationPlan {
  const open = findings.filter((finding) => !finding.suppressed);
  const ordered = [...open].sort(bySeverityThenPlace);
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const rest: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const annotated: Finding[] = [];

  const anyOver = (['error', 'warning', 'note'] as const).some(
    (severity) =>
      open.filter((finding) => finding.severity === severity).length > ANNOTATION_LIMITS[severity],
  );
  for (const finding of ordered) {
    const limit =
      ANNOTATION_LIMITS[finding.severity] - (finding.severity === 'note' && anyOver ? 1 : 0);
    if (counts[finding.severity] < limit) {
      counts[finding.severity] += 1;
      annotated.push(finding);
    } else {
      rest[finding.severity] += 1;
    }
  }
  return { annotated, rest };
}

function bySeverityThenPlace(a: Finding, b: Finding): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    (a.position?.file ?? '').localeCompare(b.position?.file ?? '') ||
    (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
    (a.position?.column ?? 0) - (b.position?.column ?? 0) ||
    a.rule.localeCompare(b.rule)
  );
}

/** Where the findings that were not annotated can be read, for the closing notice. */
export interface AnnotationElsewhere {
  /** e.g. "the job summary and the SARIF file aoa-iam.sarif". */
  where: string;
}

/**
 * Emits the planned annotations as workflow commands, then one notice that says
 * how many findings were left out and where they are. Paths are made relative
 * to the workspace, as GitHub expects. Every message is masked first.
 */
export function emitAnnotations(
  findings: readonly Finding[],
  elsewhere: AnnotationElsewhere,
  workspace: string,
): AnnotationPlan {
  const plan = planAnnotations(findings);
  for (const finding of plan.annotated) {
    const stop = /[.!?]$/.test(finding.message) ? '' : '.';
    const message = maskSecrets(`${finding.rule}: ${finding.message}${stop} Fix: ${finding.fix}`);
    const position = finding.position;
    const properties: core.AnnotationProperties = position
      ? {
          file: relativeToWorkspace(position.file, workspace),
          startLine: position.line,
          startColumn: position.column,
        }
      : {};
    if (finding.severity === 'error') core.error(message, properties);
    else if (finding.severity === 'warning') core.warning(message, properties);
    else core.notice(message, properties);
  }

  const more = plan.rest.error + plan.rest.warning + plan.rest.note;
  if (more > 0) {
    const parts = (['error', 'warning', 'note'] as const)
      .filter((severity) => plan.rest[severity] > 0)
      .map(
        (severity) => `${plan.rest[severity]} ${severity}${plan.rest[severity] === 1 ? '' : 's'}`,
      );
    core.notice(
      `${more} more finding${more === 1 ? ' is' : 's are'} not annotated (${parts.join(', ')}), ` +
        `since GitHub shows at most 10 of each level per step: see ${elsewhere.where}.`,
    );
  }
  return plan;
}

/** A finding's file as GitHub wants it in an annotation: relative to the workspace, `/`-separated. */
export function relativeToWorkspace(file: string, workspace: string): string {
  const relative = path.isAbsolute(file) ? path.relative(workspace, file) : file;
  return relative.split(path.sep).join('/');
}
