import { parse } from 'yaml';
import type { PrivilegeIncrease } from './review.js';

/**
 * The catalogue's `review:` block: who must approve a pull request that increases
 * privileges. Approval is given by any one of the listed labels on the pull
 * request, or by an approving review from a member of any listed team.
 *
 * ```yaml
 * review:
 *   increases:
 *     labels: [iam-approved]
 *     teams: [example-org/platform-security]
 *     environments: [production]   # optional: only increases here need approval
 * ```
 */
export interface ApprovalRule {
  labels: string[];
  /** `org/team-slug`, as GitHub names teams. */
  teams: string[];
  /** When set, only increases in these environments need approval. */
  environments?: string[];
}

/** What the pull request carries, read by the validate action from GitHub's API. */
export interface ApprovalEvidence {
  labels: string[];
  /** Approving reviews (latest state APPROVED), with the teams of each reviewer. */
  approvals: Array<{ user: string; teams: string[] }>;
}

/** Whether a change needs approval and whether it has it, in words a reviewer reads. */
export interface ApprovalDecision {
  required: boolean;
  satisfied: boolean;
  /** Increases that need approval. */
  increases: PrivilegeIncrease[];
  /** "approved by label iam-approved", or what is missing. */
  reason: string;
}

/** Reads a `review:` value as written in the catalogue; returns the problems instead when malformed. */
export function parseApprovalRule(raw: unknown): { rule?: ApprovalRule; problems: string[] } {
  if (raw === undefined || raw === null) return { problems: [] };
  const increases = (raw as { increases?: unknown }).increases;
  const problems: string[] = [];
  if (typeof increases !== 'object' || increases === null) {
    return { problems: ['review: expects "increases:" with "labels:" and/or "teams:"'] };
  }
  const list = (field: string): string[] | undefined => {
    const value = (increases as Record<string, unknown>)[field];
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    problems.push(`review.increases.${field} must be a list of strings`);
    return undefined;
  };
  const unknown = Object.keys(increases).filter(
    (key) => !['labels', 'teams', 'environments'].includes(key),
  );
  if (unknown.length) problems.push(`review.increases has unknown fields: ${unknown.join(', ')}`);
  const labels = list('labels') ?? [];
  const teams = list('teams') ?? [];
  const environments = list('environments');
  if (labels.length === 0 && teams.length === 0) {
    problems.push('review.increases needs at least one label or team, or nobody could approve');
  }
  if (problems.length) return { problems };
  return { rule: { labels, teams, ...(environments ? { environments } : {}) }, problems };
}

/** Environments the rule names that `declared` lacks: a scope that can never apply. */
export function undeclaredRuleEnvironments(
  rule: ApprovalRule | undefined,
  declared: ReadonlySet<string>,
): string[] {
  const unknown = (rule?.environments ?? []).filter((name) => !declared.has(name));
  if (unknown.length === 0) return [];
  return [
    `review.increases.environments names ${unknown.map((name) => `"${name}"`).join(', ')}, which ` +
      `the catalogue does not declare (it declares ${[...declared].join(', ')})`,
  ];
}

/**
 * Applies the approval rule to a review's increases and the pull request's labels
 * and approving reviews. Without a rule, or without increases in scope, nothing is
 * required.
 */
export function decideApproval(
  rule: ApprovalRule | undefined,
  increases: readonly PrivilegeIncrease[],
  evidence: ApprovalEvidence,
  baseEnvironments?: ReadonlySet<string>,
): ApprovalDecision {
  // A rule scoped to environments names them as the base knows them. An
  // environment the base does not have (new, or renamed to slip out of scope)
  // is in scope too, so renaming production to prod cannot skip approval.
  const inScope = increases.filter(
    (increase) =>
      !rule?.environments ||
      rule.environments.includes(increase.environment) ||
      (baseEnvironments !== undefined && !baseEnvironments.has(increase.environment)),
  );
  if (!rule || inScope.length === 0) {
    return { required: false, satisfied: true, increases: inScope, reason: 'no approval required' };
  }
  const label = rule.labels.find((name) => evidence.labels.includes(name));
  if (label) {
    return {
      required: true,
      satisfied: true,
      increases: inScope,
      reason: `approved by label ${label}`,
    };
  }
  for (const approval of evidence.approvals) {
    const team = rule.teams.find((name) => approval.teams.includes(name));
    if (team) {
      return {
        required: true,
        satisfied: true,
        increases: inScope,
        reason: `approved by ${approval.user} of ${team}`,
      };
    }
  }
  const ways = [
    ...rule.labels.map((name) => `label ${name}`),
    ...rule.teams.map((name) => `an approving review by a member of ${name}`),
  ];
  return {
    required: true,
    satisfied: false,
    increases: inScope,
    reason: `${inScope.length} privilege increase${inScope.length === 1 ? '' : 's'} need${inScope.length === 1 ? 's' : ''} ${ways.join(' or ')}`,
  };
}

/**
 * Reads the approval rule from the root catalogue's text. The catalogue model does
 * not carry `review:`, so it is read here from the same file the loader accepted.
 */
export function readApprovalRule(catalogueText: string): {
  rule?: ApprovalRule;
  problems: string[];
} {
  let raw: unknown;
  try {
    raw = parse(catalogueText, { schema: 'core', maxAliasCount: 100 });
  } catch {
    return { problems: [] }; // The loader reports unreadable YAML with its position.
  }
  return parseApprovalRule((raw as { review?: unknown } | null)?.review);
}
