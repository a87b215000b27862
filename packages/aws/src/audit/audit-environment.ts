import { TAG_APP, TAG_REVISION } from '@aoa-iam/core';
import type { LiveRole } from '../live/live-role.js';
import { isOwned, isOwnedInEnvironment, whyNotOwned } from '../live/ownership.js';
import { type AwsRunOptions, withLiveAccount } from '../operations.js';
import { compareRole } from '../plan/compare-role.js';
import type { Difference } from '../plan/plan-model.js';
import {
  REVOCATION_POLICY,
  revocationActive,
  revocationInstant,
  revokedBefore,
  temporaryExpiry,
} from '../revoke/revocation.js';
import { readAssumptions } from './assumptions.js';
import type { AuditReport } from './audit-model.js';
import { readUnusedServices } from './service-use.js';

/** Days without use after which audit calls an owned role unused, by default. */
export const DEFAULT_UNUSED_DAYS = 90;

/** Options of {@link auditEnvironment}. */
export interface AuditOptions extends AwsRunOptions {
  /** Roles not used for this many days (or never) are reported unused. */
  unusedDays?: number;
  /** Also ask IAM which allowed services each owned role never used (one job per role). */
  services?: boolean;
  /** Look up who assumed the roles in this window (CloudTrail LookupEvents). */
  window?: { from: Date; to: Date };
}

/**
 * Tells the truth about one environment: drift field by field, partially
 * applied roles, orphans, lookalikes, expired grants still live, active
 * revocations, unused roles and services, and who assumed which role.
 */
export async function auditEnvironment(options: AuditOptions): Promise<AuditReport> {
  const { target, now } = options;
  const clock = options.clock ?? new Date();
  const unusedDays = options.unusedDays ?? DEFAULT_UNUSED_DAYS;
  return withLiveAccount(options, async ({ clients, live, logger }) => {
    const report: AuditReport = {
      environment: target.environment,
      account: target.account,
      now: now.toISOString(),
      drift: [],
      partial: [],
      missing: [],
      orphans: [],
      lookalikes: [],
      expiredGrants: [],
      revocations: [],
      unused: [],
      unusedDays,
    };
    const byName = new Map(live.roles.map((role) => [role.name.toLowerCase(), role]));
    const desiredNames = new Set<string>();

    for (const desired of target.roles) {
      if (desired.expires !== undefined && Date.parse(desired.expires) <= now.getTime()) continue;
      const role = byName.get(desired.name.toLowerCase());
      if (!role) {
        report.missing.push(desired.name);
        continue;
      }
      desiredNames.add(role.name);
      if (!isOwned(role, target.scope)) {
        report.lookalikes.push({
          role: role.name,
          arn: role.arn,
          path: role.path,
          reason: whyNotOwned(role, target.scope),
        });
        continue;
      }
      const { differences } = compareRole(desired, role, now, clock);
      // A role written at this very revision yet missing a policy is an apply that
      // stopped half-way; at an older revision it is the catalogue that moved on.
      const sameRevision = role.tags[TAG_REVISION] === desired.tags[TAG_REVISION];
      const isMissingPart = (difference: Difference) =>
        sameRevision && difference.field === 'inline-policy' && difference.change === 'add';
      const missingParts = differences
        .filter(isMissingPart)
        .map((difference) => `inline policy ${difference.name}`);
      if (missingParts.length > 0) report.partial.push({ role: role.name, missing: missingParts });
      for (const difference of differences) {
        const isExpired = difference.note?.startsWith('temporary grant expired') ?? false;
        if (!isMissingPart(difference) && !isExpired) {
          report.drift.push({ role: role.name, app: desired.app, ...difference });
        }
      }
    }

    const owned = live.roles.filter((role) => isOwnedInEnvironment(role, target.scope));
    for (const role of owned) {
      if (!desiredNames.has(role.name))
        report.orphans.push({ role: role.name, arn: role.arn, app: role.tags[TAG_APP] });
      collectGrantsAndRevocations(role, { now, clock }, report);
      const cutoff = now.getTime() - unusedDays * 86_400_000;
      if (role.lastUsed === undefined || Date.parse(role.lastUsed) < cutoff) {
        report.unused.push({
          role: role.name,
          ...(role.lastUsed ? { lastUsed: role.lastUsed } : {}),
        });
      }
    }

    if (options.services) report.unusedServices = await readUnusedServices(clients.iam, owned);
    if (options.window) {
      report.window = {
        from: options.window.from.toISOString(),
        to: options.window.to.toISOString(),
      };
      const { assumptions, failed } = await readAssumptions({
        cloudtrail: clients.cloudtrail,
        roles: owned,
        environment: target.environment,
        from: options.window.from,
        to: options.window.to,
        logger,
      });
      report.assumptions = assumptions;
      report.failedAssumptions = failed;
    }
    return report;
  });
}

function collectGrantsAndRevocations(
  role: LiveRole,
  { now, clock }: { now: Date; clock: Date },
  report: AuditReport,
): void {
  for (const [policyName, text] of role.inlinePolicies) {
    if (policyName === REVOCATION_POLICY) {
      const before = revokedBefore(text);
      if (before && revocationActive(before, clock)) {
        report.revocations.push({ role: role.name, before: revocationInstant(before) });
      }
      continue;
    }
    if (!policyName.startsWith('temp-')) continue;
    const expiry = temporaryExpiry(text);
    if (expiry !== undefined && Date.parse(expiry) <= now.getTime()) {
      report.expiredGrants.push({ role: role.name, policy: policyName, expired: expiry });
    }
  }
}
