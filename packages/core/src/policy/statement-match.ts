import { anyActionMatches } from './action-pattern.js';
import { resourceMatches, resourcePatternsIntersect } from './arn.js';
import type { PolicyStatement } from './document.js';
import { hasWildcard } from './glob.js';

/**
 * True when the statement applies to `action`: one of its `Action` patterns
 * matches, or — for `NotAction` — none of them does ("everything except").
 */
export function statementCoversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Action) return anyActionMatches(statement.Action, action);
  if (statement.NotAction) return !anyActionMatches(statement.NotAction, action);
  return false;
}

/**
 * True when the statement applies to `resource`, which may be a concrete ARN or a
 * pattern (then "applies" means "to some ARN the pattern stands for").
 * `NotResource` is "everything except" for Allow and Deny alike.
 */
export function statementCoversResource(statement: PolicyStatement, resource: string): boolean {
  const matches = (pattern: string): boolean =>
    hasWildcard(resource)
      ? resourcePatternsIntersect(pattern, resource)
      : resourceMatches(pattern, resource);
  if (statement.Resource) return statement.Resource.some(matches);
  if (statement.NotResource) return !statement.NotResource.some(matches);
  // Trust policies have no resource: they apply to the role itself.
  return true;
}

/** True when the statement applies to every resource (`Resource: "*"` and no NotResource). */
export function statementCoversAllResources(statement: PolicyStatement): boolean {
  if (statement.Resource) return statement.Resource.includes('*');
  return statement.NotResource === undefined;
}

/** A statement together with where it came from, so answers can name it. */
export interface LocatedStatement<Origin> {
  statement: PolicyStatement;
  origin: Origin;
}

/** The answer to "may this do that?", with the statements that decided it. */
export interface AccessDecision<Origin> {
  /** `denied` when an explicit Deny applies, `allowed` when an Allow does and no Deny. */
  decision: 'allowed' | 'denied' | 'not-allowed';
  allowedBy: Array<LocatedStatement<Origin>>;
  deniedBy: Array<LocatedStatement<Origin>>;
}

/**
 * Decides whether the statements allow `action` on `resource` (any resource when
 * omitted), the way IAM does without conditions: an explicit Deny wins over any
 * Allow. A Deny counts without a resource only when it covers every resource.
 * Not yet: conditions are not evaluated; a conditional Allow counts as an Allow and
 * a conditional Deny as a Deny. Callers show the condition so a reader can judge.
 */
export function decideAccess<Origin>(
  statements: Iterable<LocatedStatement<Origin>>,
  action: string,
  resource?: string,
): AccessDecision<Origin> {
  const allowedBy: Array<LocatedStatement<Origin>> = [];
  const deniedBy: Array<LocatedStatement<Origin>> = [];
  for (const located of statements) {
    const { statement } = located;
    if (!statementCoversAction(statement, action)) continue;
    if (statement.Effect === 'Deny') {
      const applies =
        resource === undefined
          ? statementCoversAllResources(statement)
          : statementCoversResource(statement, resource);
      if (applies) deniedBy.push(located);
    } else if (resource === undefined || statementCoversResource(statement, resource)) {
      allowedBy.push(located);
    }
  }
  const decision =
    deniedBy.length > 0 ? 'denied' : allowedBy.length > 0 ? 'allowed' : 'not-allowed';
  return { decision, allowedBy, deniedBy };
}
