import type { DerivedRole } from '../compile/role.js';
import type { Finding } from '../findings/finding.js';
import { escapesOf } from '../policy/containment.js';
import type { IamData } from '../policy/iam-data.js';
import type { CatalogueIndex } from './catalogue-index.js';
import { makeFinding } from './finding-builder.js';
import { positionIn, statementsOf } from './policy-site.js';
import { sampleList } from './sample-list.js';

/**
 * Invariant 2: a role derived from a nested catalogue holds no action on any
 * resource that its parent app's roles in the same environment do not hold.
 * Containment is decided by expanding actions and by wildcard containment of
 * resource patterns, never by comparing strings. Checking each level against the
 * one above covers every depth.
 */
export function checkCeilings(
  roles: readonly DerivedRole[],
  index: CatalogueIndex,
  iam: IamData,
): Finding[] {
  const byOwner = new Map<string, DerivedRole[]>();
  const ownerKey = (chain: readonly string[], app: string, environment: string) =>
    `${chain.join('/')}\n${app}\n${environment}`;
  for (const role of roles) {
    const key = ownerKey(role.parents, role.app, role.environment);
    byOwner.set(key, [...(byOwner.get(key) ?? []), role]);
  }

  const findings: Finding[] = [];
  for (const role of roles) {
    if (role.parents.length < 2) continue;
    const parentApp = role.parents.at(-1)!;
    const ceilingRoles =
      byOwner.get(ownerKey(role.parents.slice(0, -1), parentApp, role.environment)) ?? [];
    const ceiling = ceilingRoles.flatMap((parent) =>
      parent.inlinePolicies.flatMap((inline) => inline.document.Statement),
    );
    const held = ceilingRoles.length
      ? `what ${parentApp}'s roles in ${role.environment} hold (${ceilingRoles.map((parent) => parent.name).join(', ')})`
      : `${parentApp}, which holds nothing in ${role.environment}`;
    for (const { statement, origin } of statementsOf(index.roleSites(role))) {
      const byResource = new Map<string, string[]>();
      for (const escaped of escapesOf(statement, ceiling, iam)) {
        byResource.set(escaped.resource, [
          ...(byResource.get(escaped.resource) ?? []),
          escaped.action,
        ]);
      }
      for (const [resource, actions] of byResource) {
        findings.push(
          makeFinding('ceiling.exceeds-parent', {
            message: `${role.app} (nested under ${parentApp}) holds ${sampleList([...new Set(actions)])} on ${resource} in ${role.environment} (capability "${origin.site.subject.capability}"), beyond ${held}.`,
            fix: `Narrow the capability to what ${parentApp} was granted, or grant it to ${parentApp} in the parent catalogue first.`,
            position: positionIn(origin, statement.Action ? 'Action' : 'NotAction'),
            subject: origin.site.subject,
          }),
        );
      }
    }
  }
  return findings;
}
