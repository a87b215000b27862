import { globContains, globMatches, globsIntersect } from './glob.js';

/**
 * IAM action names ignore case in both the service prefix and the action name
 * (`IAM:passrole` is `iam:PassRole`); wildcards follow {@link globMatches}.
 */

/** True when the action pattern `pattern` (e.g. `s3:*Object`) matches the concrete `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatches(pattern, action, true);
}

/** True when every action `inner` matches is matched by `outer`, judged on the patterns alone. */
export function actionPatternContains(outer: string, inner: string): boolean {
  return globContains(outer, inner, true);
}

/** True when some action matches both patterns. */
export function actionPatternsIntersect(a: string, b: string): boolean {
  return globsIntersect(a, b, true);
}

/** True when any pattern in `patterns` matches `action`. */
export function anyActionMatches(patterns: readonly string[], action: string): boolean {
  return patterns.some((pattern) => actionMatches(pattern, action));
}

/**
 * Splits `service:name` into its parts, the service lower-cased as IAM data keys it.
 * A pattern without a colon (`*`) has service `*` and name `*`.
 */
export function splitAction(action: string): { service: string; name: string } {
  const colon = action.indexOf(':');
  if (colon < 0) return { service: action.toLowerCase(), name: action === '*' ? '*' : '' };
  return { service: action.slice(0, colon).toLowerCase(), name: action.slice(colon + 1) };
}
