import { formatPosition } from '../findings/finding.js';
import type { ApprovalDecision } from '../review/approval.js';
import type { ReviewResult, RoleChange } from '../review/review.js';
import { maskSecrets } from '../secrets/mask.js';

function section(title: string, changes: readonly RoleChange[]): string[] {
  if (changes.length === 0) return [];
  const lines = [`${title} (${changes.length}):`];
  for (const change of changes) {
    const { before, after } = change.accessLevel;
    const access =
      before && after && before !== after
        ? `, access ${before} → ${after}`
        : (after ?? before)
          ? `, access ${after ?? before}`
          : '';
    lines.push(
      `  ${change.role} (${change.identity} of ${change.app} in ${change.environment}${access})`,
    );
    for (const detail of change.changes) lines.push(`    - ${detail}`);
  }
  return lines;
}

/**
 * A review in plain text: privilege increases first, then added, removed and
 * changed roles, then the approval decision. Masked (invariant 6).
 */
export function renderReviewText(review: ReviewResult, approval?: ApprovalDecision): string {
  const lines: string[] = [];
  if (review.increases.length > 0) {
    lines.push(`Privilege increases (${review.increases.length}):`);
    for (const increase of review.increases) {
      const where = increase.position ? `  [${formatPosition(increase.position)}]` : '';
      lines.push(
        `  + ${increase.role} (${increase.environment}): ${increase.kind}: ${increase.detail}${where}`,
      );
    }
  } else {
    lines.push('No privilege increases.');
  }
  lines.push(
    ...section('Added roles', review.added),
    ...section('Removed roles', review.removed),
    ...section('Changed roles', review.changed),
  );
  lines.push(
    `${review.added.length} added, ${review.removed.length} removed, ${review.changed.length} changed, ${review.unchanged} unchanged.`,
  );
  if (approval?.required) {
    lines.push(`Approval: ${approval.satisfied ? 'given' : 'missing'}: ${approval.reason}.`);
  }
  return maskSecrets(`${lines.join('\n')}\n`);
}
