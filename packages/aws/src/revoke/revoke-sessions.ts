import { TAG_APP } from '@aoa-iam/core';
import { IamWriter } from '../apply/iam-writer.js';
import type { LiveRole } from '../live/live-role.js';
import { isOwnedInEnvironment } from '../live/ownership.js';
import { type AwsRunOptions, withLiveAccount } from '../operations.js';
import type { Step } from '../plan/plan-model.js';
import {
  grantKey,
  parseRevokedGrants,
  REVOCATION_POLICY,
  revocationInstant,
  revocationPolicy,
  TAG_REVOKED_GRANTS,
  temporaryExpiry,
} from './revocation.js';

/** Options of {@link revokeSessions}: which roles; none of the two means the whole environment. */
export interface RevokeOptions extends AwsRunOptions {
  role?: string;
  app?: string;
}

/** What revoke did. */
export interface RevokeResult {
  environment: string;
  account: string;
  /** Sessions issued before this instant are denied everything (ISO 8601). */
  revokedBefore: string;
  roles: Array<{ role: string; app?: string; droppedGrants: string[] }>;
  writes: number;
  retries: number;
}

/**
 * Cuts the active sessions of aoa-iam's roles now: an inline deny-all for
 * tokens issued before now, then the temporary grants dropped from the live
 * role and remembered so apply does not write them back (see revocation.ts).
 */
export async function revokeSessions(options: RevokeOptions): Promise<RevokeResult> {
  const { target } = options;
  // The instant is the real time, never --now: sessions issued up to this
  // moment are cut, and none issued later is.
  const now = options.clock ?? new Date();
  return withLiveAccount(options, async ({ clients, live, logger }) => {
    const selected = live.roles.filter(
      (role) => isOwnedInEnvironment(role, target.scope) && matches(role, options),
    );
    if (selected.length === 0) {
      throw new Error(
        `no role of aoa-iam in environment ${target.environment} matches ${describeSelector(options)}: nothing was revoked`,
      );
    }
    const writer = new IamWriter(clients.iam, target.scope, logger);
    const roles: RevokeResult['roles'] = [];
    for (const role of selected) {
      const steps = revokeSteps(role, now);
      for (const step of steps.steps) await writer.run(step);
      logger.info(`revoked sessions of ${role.name} issued before ${revocationInstant(now)}`);
      roles.push({ role: role.name, app: role.tags[TAG_APP], droppedGrants: steps.dropped });
    }
    return {
      environment: target.environment,
      account: target.account,
      revokedBefore: revocationInstant(now),
      roles,
      writes: writer.total(),
      retries: writer.counts.retries,
    };
  });
}

/** The writes that revoke one role: deny first, then drop the temporary grants. */
export function revokeSteps(role: LiveRole, now: Date): { steps: Step[]; dropped: string[] } {
  const steps: Step[] = [
    {
      op: 'PutRolePolicy',
      role: role.name,
      policyName: REVOCATION_POLICY,
      document: JSON.stringify(revocationPolicy(now)),
    },
  ];
  const remembered = parseRevokedGrants(role.tags[TAG_REVOKED_GRANTS]);
  const dropped: string[] = [];
  for (const [policyName, text] of role.inlinePolicies) {
    if (!policyName.startsWith('temp-')) continue;
    steps.push({ op: 'DeleteRolePolicy', role: role.name, policyName });
    const key = grantKey(policyName.slice('temp-'.length), temporaryExpiry(text));
    remembered.add(key);
    dropped.push(key);
  }
  if (dropped.length > 0) {
    // Not yet: a tag value holds 256 characters, about six grants; more are cut off and
    // apply would write those back.
    const value = [...remembered].sort().join(' ').slice(0, 256);
    steps.push({ op: 'TagRole', role: role.name, tags: { [TAG_REVOKED_GRANTS]: value } });
  }
  return { steps, dropped };
}

function matches(role: LiveRole, options: RevokeOptions): boolean {
  if (options.role !== undefined && role.name !== options.role) return false;
  if (options.app !== undefined && role.tags[TAG_APP] !== options.app) return false;
  return true;
}

function describeSelector(options: RevokeOptions): string {
  if (options.role) return `role "${options.role}"`;
  if (options.app) return `app "${options.app}"`;
  return 'the environment';
}
