import { actionPatternContains } from './action-pattern.js';
import { resourcePatternContains, resourcePatternsIntersect } from './arn.js';
import type { PolicyStatement } from './document.js';
import type { IamData } from './iam-data.js';
import { statementCoversAction } from './statement-match.js';

/**
 * "Does one set of statements hold everything another statement grants?" — the
 * question behind ceilings (a child within its parent) and review (head within
 * base). Decided by action expansion and wildcard containment, never by strings.
 */

/** Operators under which an earlier date binds more tightly (temporary grants use DateLessThan). */
const UPPER_BOUND_DATES = new Set(['DateLessThan', 'DateLessThanEquals']);

/** True when every condition of `outer` also binds `inner` at least as tightly. */
export function conditionsWithin(outer: PolicyStatement, inner: PolicyStatement): boolean {
  for (const [operator, keys] of Object.entries(outer.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      const own = inner.Condition?.[operator]?.[key];
      if (UPPER_BOUND_DATES.has(operator)) {
        const limit = Math.min(...values.map((value) => Date.parse(value)));
        if (!own?.every((value) => Date.parse(value) <= limit)) return false;
        continue;
      }
      if (!own?.every((value) => values.includes(value))) return false;
    }
  }
  return true;
}

/** True when `outer` allows every ARN of the pattern `resource`. */
export function statementContainsResource(outer: PolicyStatement, resource: string): boolean {
  if (outer.Resource) {
    return outer.Resource.some((pattern) => resourcePatternContains(pattern, resource));
  }
  if (outer.NotResource) {
    return !outer.NotResource.some((excluded) => resourcePatternsIntersect(excluded, resource));
  }
  return false;
}

/**
 * True when `holder` allows `action` on all of `resource` under conditions no looser
 * than `inner`'s, and no Deny of `holder` touches it. With `byPattern`, `action` is
 * a pattern that must lie within one of the holder's Action patterns.
 */
export function holdsAccess(
  holder: readonly PolicyStatement[],
  inner: PolicyStatement,
  action: string,
  resource: string,
  byPattern = false,
): boolean {
  const denied = holder.some(
    (statement) =>
      statement.Effect === 'Deny' &&
      statementCoversAction(statement, action) &&
      (statement.Resource ?? ['*']).some((pattern) => resourcePatternsIntersect(pattern, resource)),
  );
  if (denied) return false;
  return holder.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      (byPattern
        ? (statement.Action ?? []).some((outer) => actionPatternContains(outer, action))
        : statementCoversAction(statement, action)) &&
      statementContainsResource(statement, resource) &&
      conditionsWithin(statement, inner),
  );
}

/** The actions an Allow statement grants, per pattern: expanded, or the pattern itself when unknown. */
export function grantedActions(
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

/** One action on one resource pattern that `holder` does not hold. */
export interface Escape {
  action: string;
  resource: string;
  /** True when the holder allows the action on no resource at all. */
  newAction: boolean;
}

/**
 * Everything an Allow statement grants beyond `holder`: each escaping concrete
 * action per resource pattern. NotResource counts as `*`.
 */
export function escapesOf(
  statement: PolicyStatement,
  holder: readonly PolicyStatement[],
  iam: IamData,
): Escape[] {
  if (statement.Effect !== 'Allow') return [];
  const escapes: Escape[] = [];
  for (const resource of statement.Resource ?? ['*']) {
    for (const { pattern, concrete } of grantedActions(statement, iam)) {
      if (holdsAccess(holder, statement, pattern, resource, true)) continue;
      for (const action of concrete) {
        if (holdsAccess(holder, statement, action, resource)) continue;
        const newAction = !holder.some(
          (other) => other.Effect === 'Allow' && statementCoversAction(other, action),
        );
        escapes.push({ action, resource, newAction });
      }
    }
  }
  return escapes;
}
