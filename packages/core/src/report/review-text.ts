import { formatPosition } from '../findings/finding.js';
import type { ApprovalDecision } from '../review/approval.js';
import type { ReviewResult, RoleChange } from '../review/review.js';
import { maskSecrets } from '../secrets/mask.js';

function section(title: string, changes: readonly RoleChange[], review: ReviewResult): string[] {
  if (changes.length === 0) return [];
  const lines = [`${title} (${changes.length}):`];
  for (const change of changes) {
    // Increases are listed first, above; here only the count and the other changes.
    const increases = new Set(
      review.increases.filter((item) => item.role === change.role).map((item) => item.detail),
    );
    const others = change.changes.filter((detail) => !increases.has(detail));
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
    if (increases.size > 0) {
      lines.push(
        `    - ${increases.size} privilege increase${increases.size === 1 ? '' : 's'} (above)`,
      );
    }
    for (const detail of others) lines.push(`    - ${detail}`);
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
    ...section('Added roles', review.added, review),
    ...section('Removed roles', review.removed, review),
    ...section('Changed roles', review.changed, review),
  );
  lines.push(
    `${review.added.length} added, ${review.removed.length} removed, ${review.changed.length} changed, ${review.unchanged} unchanged.`,
  );
  if (approval?.required) {
    lines.push(`Approval: ${approval.satisfied ? 'given' : 'missing'}: ${approval.reason}.`);
  }
  return maskSecrets(`${lines.join('\n')}\n`);
}
