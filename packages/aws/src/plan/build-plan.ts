import { type DerivedRole, type Finding, TAG_APP, TAG_EXPIRES } from '@aoa-iam/core';
import type { LiveRole } from '../live/live-role.js';
import {
  isOwned,
  isOwnedInEnvironment,
  type OwnershipScope,
  whyNotOwned,
} from '../live/ownership.js';
import { compareRole, wantedPolicies } from './compare-role.js';
import type { Plan, RoleChange, Step } from './plan-model.js';

/** Everything a plan is made from; no AWS call happens here. */
export interface PlanInput {
  account: string;
  scope: OwnershipScope;
  /** Derived roles; only those of `scope.environment` are planned. */
  desired: readonly DerivedRole[];
  /** Every role of the account. */
  live: readonly LiveRole[];
  now: Date;
  /** The real time, for the revocation hold (see AwsRunOptions.clock). */
  clock: Date;
  readCalls: number;
}

/** Rule id of a derived name taken by a role aoa-iam does not own. */
export const RULE_NOT_OWNED = 'aws.role-not-owned';

/**
 * Compares the catalogue with the live account: creates for derived roles
 * that are missing, updates for owned roles that differ, deletes for owned
 * roles the catalogue no longer has (temporary-only roles whose grants
 * expired included). A derived name held by a role aoa-iam does not own is an
 * error, never a takeover (invariant 4).
 */
export function buildPlan(input: PlanInput): Plan {
  const { scope, now, clock } = input;
  const liveByName = new Map(input.live.map((role) => [role.name.toLowerCase(), role]));
  const changes: RoleChange[] = [];
  const unchanged: string[] = [];
  const errors: Finding[] = [];
  const planned = new Set<string>();

  for (const desired of input.desired) {
    if (desired.environment !== scope.environment) continue;
    if (desired.expires !== undefined && Date.parse(desired.expires) <= now.getTime()) continue;
    const live = liveByName.get(desired.name.toLowerCase());
    if (!live) {
      changes.push(createChange(desired, now));
      continue;
    }
    planned.add(live.name);
    if (!isOwned(live, scope)) {
      errors.push(notOwnedFinding(desired, live, scope, input.account));
      continue;
    }
    const { differences, steps } = compareRole(desired, live, now, clock);
    if (steps.length === 0) {
      unchanged.push(desired.name);
      continue;
    }
    changes.push({
      action: 'update',
      role: desired.name,
      arn: live.arn,
      app: desired.app,
      reason: 'the live role differs from the catalogue',
      differences,
      steps,
    });
  }

  for (const live of input.live) {
    if (planned.has(live.name) || !isOwnedInEnvironment(live, scope)) continue;
    changes.push(deleteChange(live, now));
  }

  changes.sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
  return {
    environment: scope.environment,
    account: input.account,
    now: now.toISOString(),
    changes,
    unchanged: unchanged.sort(),
    errors,
    readCalls: input.readCalls,
  };
}

function createChange(desired: DerivedRole, now: Date): RoleChange {
  const policies = wantedPolicies(desired, undefined, now);
  const steps: Step[] = [
    {
      op: 'CreateRole',
      role: desired.name,
      path: desired.path,
      trustPolicy: JSON.stringify(desired.trustPolicy),
      boundary: desired.boundary,
      maxSessionSeconds: desired.maxSessionSeconds,
      description: desired.description,
      tags: desired.tags,
    },
    ...policies.map(
      (policy): Step => ({
        op: 'PutRolePolicy',
        role: desired.name,
        policyName: policy.name,
        document: JSON.stringify(policy.document),
      }),
    ),
  ];
  return {
    action: 'create',
    role: desired.name,
    arn: desired.arn,
    app: desired.app,
    reason: 'new in the catalogue',
    differences: [
      { field: 'role', change: 'add', desired: desired.arn },
      ...policies.map((policy) => ({
        field: 'inline-policy' as const,
        name: policy.name,
        change: 'add' as const,
      })),
    ],
    steps,
  };
}

/** Deleting a role: IAM refuses while policies or instance profiles remain, so those go first. */
function deleteChange(live: LiveRole, now: Date): RoleChange {
  const expires = live.tags[TAG_EXPIRES];
  const expired = expires !== undefined && Date.parse(expires) <= now.getTime();
  const steps: Step[] = [
    ...live.attachedPolicies.map(
      (policy): Step => ({
        op: 'DetachRolePolicy',
        role: live.name,
        policyArn: policy.arn,
      }),
    ),
    ...live.instanceProfiles.map(
      (profile): Step => ({
        op: 'RemoveRoleFromInstanceProfile',
        role: live.name,
        instanceProfile: profile,
      }),
    ),
    ...[...live.inlinePolicies.keys()].map(
      (policyName): Step => ({
        op: 'DeleteRolePolicy',
        role: live.name,
        policyName,
      }),
    ),
    { op: 'DeleteRole', role: live.name },
  ];
  return {
    action: 'delete',
    role: live.name,
    arn: live.arn,
    app: live.tags[TAG_APP],
    reason: expired
      ? `its temporary grants expired ${expires}`
      : 'owned by aoa-iam and no longer in the catalogue',
    differences: [{ field: 'role', change: 'remove', live: live.arn }],
    steps,
  };
}

function notOwnedFinding(
  desired: DerivedRole,
  live: LiveRole,
  scope: OwnershipScope,
  account: string,
): Finding {
  return {
    rule: RULE_NOT_OWNED,
    severity: 'error',
    message:
      `role "${live.name}" in account ${account} exists and is not managed by aoa-iam ` +
      `(${whyNotOwned(live, scope)}); aoa-iam never changes or deletes a role it does not own, ` +
      `so it cannot derive app "${desired.app}" identity "${desired.identity}" there`,
    fix: notOwnedFix(desired, live, scope),
    subject: {
      role: live.name,
      app: desired.app,
      environment: desired.environment,
      identity: desired.identity,
    },
  };
}

/**
 * The way out of a name collision that works for this role: adopt only when
 * the role already has the derived name exactly and aoa-iam's path, since IAM
 * can neither move nor rename a role.
 */
function notOwnedFix(desired: DerivedRole, live: LiveRole, scope: OwnershipScope): string {
  const rename = `rename the app or identity in ${desired.catalogueFile} so the derived name is free`;
  const byHand =
    `or move its users to another role and delete "${live.name}" by hand, ` +
    `then apply creates "${desired.name}" at ${scope.rolePath}`;
  if (live.path !== scope.rolePath) {
    return (
      `adopt cannot take it: IAM cannot move a role from path ${live.path} to ${scope.rolePath}. ` +
      `${rename}, ${byHand}`
    );
  }
  if (live.name !== desired.name) {
    return (
      `adopt cannot take it: its name differs from the derived "${desired.name}" in case, ` +
      `and IAM cannot rename a role. ${rename}, ${byHand}`
    );
  }
  return (
    `${rename}, or take the role over explicitly with ` +
    `"aoa-iam adopt --environment ${scope.environment} --role ${live.name}"`
  );
}
