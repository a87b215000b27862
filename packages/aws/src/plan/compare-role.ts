import { type DerivedRole, type InlinePolicy, TAG_REVISION } from '@aoa-iam/core';
import { canonicalPolicy } from '../compare/canonical-policy.js';
import type { LiveRole } from '../live/live-role.js';
import {
  grantKey,
  parseRevokedGrants,
  REVOCATION_POLICY,
  revocationActive,
  revocationInstant,
  revokedBefore,
  TAG_REVOKED_GRANTS,
  temporaryExpiry,
} from '../revoke/revocation.js';
import type { Difference, Step } from './plan-model.js';

/** Tag keys aoa-iam writes; live tags outside this prefix belong to others and are left alone. */
const OWN_TAG_PREFIX = 'aoa-iam:';
/**
 * Tags that never make a difference on their own: the revision is rewritten
 * whenever the role is written anyway, and the revoked-grants record is
 * revoke's, kept by the rules of revocation.ts.
 */
const QUIET_TAGS = new Set([TAG_REVISION, TAG_REVOKED_GRANTS]);

/** What a live owned role lacks or has too much of, and the writes that fix it. */
export interface RoleComparison {
  differences: Difference[];
  steps: Step[];
}

/**
 * Compares an owned live role with its derived role field by field and lists
 * the writes that make it match. Order of the writes: boundary first (no
 * moment without it, invariant 7), removals before additions (never wider in
 * between), tags last with the revision.
 */
export function compareRole(
  desired: DerivedRole,
  live: LiveRole,
  now: Date,
  clock: Date,
): RoleComparison {
  const differences: Difference[] = [];
  const name = live.name;
  const boundary: Step[] = [];
  const removals: Step[] = [];
  const updates: Step[] = [];
  const additions: Step[] = [];

  if (live.boundary !== desired.boundary) {
    differences.push(valueDifference('boundary', live.boundary, desired.boundary));
    boundary.push({ op: 'PutRolePermissionsBoundary', role: name, boundary: desired.boundary });
  }

  const liveTrust = canonicalPolicy(live.trustPolicy);
  const desiredTrust = canonicalPolicy(desired.trustPolicy);
  if (liveTrust !== desiredTrust) {
    differences.push({
      field: 'trust-policy',
      change: 'change',
      live: liveTrust,
      desired: desiredTrust,
    });
    updates.push({
      op: 'UpdateAssumeRolePolicy',
      role: name,
      document: JSON.stringify(desired.trustPolicy),
    });
  }

  const sessionDiffers =
    live.maxSessionSeconds !== undefined && live.maxSessionSeconds !== desired.maxSessionSeconds;
  const descriptionDiffers =
    live.description !== undefined && live.description !== desired.description;
  if (sessionDiffers) {
    differences.push(
      valueDifference(
        'max-session',
        String(live.maxSessionSeconds),
        String(desired.maxSessionSeconds),
      ),
    );
  }
  if (descriptionDiffers) {
    differences.push(valueDifference('description', live.description, desired.description));
  }
  if (sessionDiffers || descriptionDiffers) {
    updates.push({
      op: 'UpdateRole',
      role: name,
      description: desired.description,
      maxSessionSeconds: desired.maxSessionSeconds,
    });
  }

  comparePolicies(desired, live, { now, clock }, differences, removals, additions);

  // Not yet: instance profiles of an owned role are not compared; one someone added stays
  // until the role is deleted, and audit does not report it.
  for (const attached of live.attachedPolicies) {
    differences.push({
      field: 'attached-policy',
      name: attached.arn,
      change: 'remove',
      live: attached.arn,
    });
    removals.push({ op: 'DetachRolePolicy', role: name, policyArn: attached.arn });
  }

  const tagSteps = compareTags(
    desired,
    live,
    differences,
    boundary.length + removals.length + updates.length + additions.length > 0,
  );
  return { differences, steps: [...boundary, ...removals, ...updates, ...additions, ...tagSteps] };
}

/** The inline policies the live role should hold, after expiry and revocation rules. */
export function wantedPolicies(
  desired: DerivedRole,
  live: LiveRole | undefined,
  now: Date,
): InlinePolicy[] {
  const revoked = parseRevokedGrants(live?.tags[TAG_REVOKED_GRANTS]);
  return desired.inlinePolicies.filter((policy) => {
    if (!policy.temporary) return true;
    if (Date.parse(policy.temporary.expires) <= now.getTime()) return false;
    return !revoked.has(grantKey(policy.capability, temporaryExpiry(policy.document)));
  });
}

function comparePolicies(
  desired: DerivedRole,
  live: LiveRole,
  { now, clock }: { now: Date; clock: Date },
  differences: Difference[],
  removals: Step[],
  additions: Step[],
): void {
  const wanted = new Map(wantedPolicies(desired, live, now).map((policy) => [policy.name, policy]));
  for (const [policyName, text] of live.inlinePolicies) {
    if (policyName === REVOCATION_POLICY) {
      const before = revokedBefore(text);
      // The real clock, never --now: an override must not cut the hold short.
      if (revocationActive(before, clock)) continue;
      differences.push({
        field: 'revocation',
        name: policyName,
        change: 'remove',
        live: canonicalPolicy(text),
        note: `no session issued before ${before ? revocationInstant(before) : 'the revocation'} can still be valid`,
      });
      removals.push({ op: 'DeleteRolePolicy', role: live.name, policyName });
      continue;
    }
    if (wanted.has(policyName)) continue;
    const expiry = policyName.startsWith('temp-') ? temporaryExpiry(text) : undefined;
    const expired = expiry !== undefined && Date.parse(expiry) <= now.getTime();
    differences.push({
      field: 'inline-policy',
      name: policyName,
      change: 'remove',
      live: canonicalPolicy(text),
      ...(expired ? { note: `temporary grant expired ${expiry}` } : {}),
    });
    removals.push({ op: 'DeleteRolePolicy', role: live.name, policyName });
  }

  for (const policy of wanted.values()) {
    const liveText = live.inlinePolicies.get(policy.name);
    const desiredText = canonicalPolicy(policy.document);
    if (liveText !== undefined && canonicalPolicy(liveText) === desiredText) continue;
    differences.push({
      field: 'inline-policy',
      name: policy.name,
      change: liveText === undefined ? 'add' : 'change',
      ...(liveText === undefined ? {} : { live: canonicalPolicy(liveText) }),
      desired: desiredText,
    });
    additions.push({
      op: 'PutRolePolicy',
      role: live.name,
      policyName: policy.name,
      document: JSON.stringify(policy.document),
    });
  }
}

function compareTags(
  desired: DerivedRole,
  live: LiveRole,
  differences: Difference[],
  roleWritten: boolean,
): Step[] {
  const toSet: Record<string, string> = {};
  for (const [key, value] of Object.entries(desired.tags)) {
    if (live.tags[key] === value) continue;
    if (!QUIET_TAGS.has(key)) {
      differences.push({
        field: 'tag',
        name: key,
        change: live.tags[key] === undefined ? 'add' : 'change',
        live: live.tags[key],
        desired: value,
      });
    }
    toSet[key] = value;
  }
  const toRemove = Object.keys(live.tags).filter(
    (key) => key.startsWith(OWN_TAG_PREFIX) && !(key in desired.tags) && !QUIET_TAGS.has(key),
  );
  for (const key of toRemove) {
    differences.push({ field: 'tag', name: key, change: 'remove', live: live.tags[key] });
  }

  const revokedStep = revokedGrantsTagStep(desired, live, differences);
  const loud = Object.keys(toSet).some((key) => !QUIET_TAGS.has(key)) || toRemove.length > 0;
  // The revision alone is no change; it rides along whenever the role is written anyway.
  if (!loud && !roleWritten) return revokedStep;
  const steps: Step[] = [];
  if (Object.keys(toSet).length > 0) steps.push({ op: 'TagRole', role: live.name, tags: toSet });
  if (toRemove.length > 0) steps.push({ op: 'UntagRole', role: live.name, keys: toRemove });
  return [...steps, ...revokedStep];
}

/** Drops the revoked-grants tag once no grant it names is still in the catalogue. */
function revokedGrantsTagStep(
  desired: DerivedRole,
  live: LiveRole,
  differences: Difference[],
): Step[] {
  const revoked = parseRevokedGrants(live.tags[TAG_REVOKED_GRANTS]);
  if (revoked.size === 0) return [];
  const stillHeld = desired.inlinePolicies.some(
    (policy) =>
      policy.temporary &&
      revoked.has(grantKey(policy.capability, temporaryExpiry(policy.document))),
  );
  if (stillHeld) return [];
  differences.push({
    field: 'revocation',
    name: TAG_REVOKED_GRANTS,
    change: 'remove',
    live: live.tags[TAG_REVOKED_GRANTS],
    note: 'the catalogue no longer holds the temporary grants revoke dropped',
  });
  return [{ op: 'UntagRole', role: live.name, keys: [TAG_REVOKED_GRANTS] }];
}

function valueDifference(
  field: Difference['field'],
  live: string | undefined,
  desired: string | undefined,
): Difference {
  return {
    field,
    change: live === undefined || live === '' ? 'add' : desired === undefined ? 'remove' : 'change',
    ...(live === undefined ? {} : { live }),
    ...(desired === undefined ? {} : { desired }),
  };
}
