import type { Catalogue, Exception } from '../catalogue/model.js';
import { positionOf } from '../catalogue/model.js';
import type { Finding } from '../findings/finding.js';
import { makeFinding } from './finding-builder.js';

/** A finding with the chain of catalogue files (root first) whose exceptions may silence it. */
export interface ScopedFinding {
  finding: Finding;
  /** Files of the catalogues at or above the one that declares what the finding is about. */
  scope: readonly string[];
  /**
   * Apps the finding's app is nested under (the parents of the nested catalogues in
   * `scope`), so a parent catalogue's exception for app `obs` covers apps below it.
   */
  enclosingApps: readonly string[];
}

/**
 * Rules that enforce DESIGN.md's invariants (1, 2, 5, 7). No exception silences
 * them, from any catalogue: an accepted cross-environment trust or an expired
 * grant is exactly the "forgotten temporary role" aoa-iam exists to prevent.
 */
export const INVARIANT_RULES: ReadonlyMap<string, string> = new Map([
  ['isolation.cross-environment-trust', 'invariant 1'],
  ['isolation.wildcard-subject', 'invariant 1'],
  ['isolation.missing-subject', 'invariant 1'],
  ['ceiling.exceeds-parent', 'invariant 2'],
  ['expiry.expired', 'invariant 5'],
  ['boundary.missing', 'invariant 7'],
  ['boundary.mismatch', 'invariant 7'],
]);

function matches(exception: Exception, { finding, enclosingApps }: ScopedFinding): boolean {
  if (INVARIANT_RULES.has(finding.rule)) return false;
  const ruleMatches = exception.rule.endsWith('.*')
    ? finding.rule.startsWith(exception.rule.slice(0, -1))
    : exception.rule === finding.rule;
  if (!ruleMatches) return false;
  const subject = finding.subject ?? {};
  for (const field of ['app', 'environment', 'identity', 'capability'] as const) {
    const wanted = exception[field];
    if (wanted === undefined) continue;
    if (field === 'app' && enclosingApps.includes(wanted)) continue;
    const actual = subject[field];
    // A finding about several capabilities ("a,b") matches an exception for any one.
    if (actual === undefined || !actual.split(',').includes(wanted)) return false;
  }
  return true;
}

/**
 * Marks findings that a catalogue's `exceptions:` accepts as suppressed, with the
 * written reason (never dropped: reports show them). An exception applies to
 * findings about its own catalogue and those nested below it. Exceptions that
 * silence nothing are reported, so a stale one cannot hide a future finding.
 */
export function applyExceptions(
  scoped: readonly ScopedFinding[],
  catalogues: readonly Catalogue[],
): Finding[] {
  const used = new Set<Exception>();
  const result = scoped.map((item) => {
    const { finding, scope } = item;
    for (const catalogue of catalogues) {
      const at = scope.indexOf(catalogue.file);
      if (at < 0) continue;
      const exception = catalogue.exceptions.find((candidate) => matches(candidate, item));
      if (!exception) continue;
      used.add(exception);
      const position = positionOf(catalogue, exception.pointer);
      return {
        ...finding,
        suppressed: { reason: exception.reason, ...(position ? { position } : {}) },
      };
    }
    return finding;
  });
  for (const catalogue of catalogues) {
    for (const exception of catalogue.exceptions) {
      const invariant = INVARIANT_RULES.get(exception.rule);
      if (invariant) {
        result.push(
          makeFinding('exception.not-allowed', {
            message: `exception for ${exception.rule} cannot be accepted: the rule enforces ${invariant}, which no exception silences`,
            fix: 'Remove the exception and fix the catalogue so that the finding goes away.',
            position: positionOf(catalogue, exception.pointer),
          }),
        );
        continue;
      }
      if (used.has(exception)) continue;
      result.push(
        makeFinding('exception.unused', {
          message: `exception for ${exception.rule}${exception.app ? ` (app ${exception.app})` : ''} matches no finding; its reason was: ${exception.reason}`,
          fix: 'Remove the exception.',
          position: positionOf(catalogue, exception.pointer),
        }),
      );
    }
  }
  return result;
}
