import type { DerivedRole } from '../compile/role.js';
import type { Finding } from '../findings/finding.js';
import { actionPatternContains } from '../policy/action-pattern.js';
import { resourcePatternContains, resourcePatternsIntersect } from '../policy/arn.js';
import type { PolicyStatement } from '../policy/document.js';
import type { IamData } from '../policy/iam-data.js';
import { statementCoversAction } from '../policy/statement-match.js';
import type { CatalogueIndex } from './catalogue-index.js';
import { makeFinding } from './finding-builder.js';
import { positionIn, statementsOf } from './policy-site.js';
import { sampleList } from './sample-list.js';

/** True when every condition of `outer` also binds `inner` at least as tightly. */
function conditionsWithin(outer: PolicyStatement, inner: PolicyStatement): boolean {
  for (const [operator, keys] of Object.entries(outer.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      const own = inner.Condition?.[operator]?.[key];
      if (!own?.every((value) => values.includes(value))) return false;
    }
  }
  return true;
}

/** True when `parent` allows `resource` (a pattern) in full. */
function coversResource(parent: PolicyStatement, resource: string): boolean {
  if (parent.Resource)
    return parent.Resource.some((outer) => resourcePatternContains(outer, resource));
  if (parent.NotResource) {
    return !parent.NotResource.some((excluded) => resourcePatternsIntersect(excluded, resource));
  }
  return false;
}

function allows(
  parents: readonly PolicyStatement[],
  child: PolicyStatement,
  action: string,
  resource: string,
  byPattern: boolean,
): boolean {
  const denied = parents.some(
    (parent) =>
      parent.Effect === 'Deny' &&
      statementCoversAction(parent, action) &&
      (parent.Resource ?? ['*']).some((pattern) => resourcePatternsIntersect(pattern, resource)),
  );
  if (denied) return false;
  return parents.some(
    (parent) =>
      parent.Effect === 'Allow' &&
      (byPattern
        ? (parent.Action ?? []).some((outer) => actionPatternContains(outer, action))
        : statementCoversAction(parent, action)) &&
      coversResource(parent, resource) &&
      conditionsWithin(parent, child),
  );
}

/** The concrete actions a child statement allows: its Action patterns, or all but NotAction. */
function childActions(
  statement: PolicyStatement,
  iam: IamData,
): Array<{ pattern: string; concrete: string[] }> {
  if (statement.Action) {
    return statement.Action.map((pattern) => {
      const expanded = iam.expand(pattern).map((info) => info.action);
      return { pattern, concrete: expanded.length > 0 ? expanded : [pattern] };
    });
  }
  const everything = iam
    .allServices()
    .flatMap((service) => iam.actionsOf(service))
    .map((info) => info.action)
    .filter((action) => statementCoversAction(statement, action));
  return [
    { pattern: `NotAction ${JSON.stringify(statement.NotAction ?? [])}`, concrete: everything },
  ];
}

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
    for (const { statement, origin } of statementsOf(index.roleSites(role))) {
      if (statement.Effect !== 'Allow') continue;
      const resources = statement.Resource ?? ['*'];
      for (const resource of resources) {
        const escaping: string[] = [];
        for (const { pattern, concrete } of childActions(statement, iam)) {
          if (allows(ceiling, statement, pattern, resource, true)) continue;
          escaping.push(
            ...concrete.filter((action) => !allows(ceiling, statement, action, resource, false)),
          );
        }
        if (escaping.length === 0) continue;
        const held = ceilingRoles.length
          ? `what ${parentApp}'s roles in ${role.environment} hold (${ceilingRoles.map((parent) => parent.name).join(', ')})`
          : `${parentApp}, which holds nothing in ${role.environment}`;
        findings.push(
          makeFinding('ceiling.exceeds-parent', {
            message: `${role.app} (nested under ${parentApp}) holds ${sampleList([...new Set(escaping)])} on ${resource} in ${role.environment} (capability "${origin.site.subject.capability}"), beyond ${held}.`,
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
