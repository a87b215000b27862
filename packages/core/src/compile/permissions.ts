import type { Capability } from '../catalogue/model.js';
import type { PolicyDocument, PolicyStatement } from '../policy/document.js';
import { type PlaceholderValues, substitutePlaceholders } from '../policy/placeholders.js';

/** The IAM global condition key whose value is the time of the request. */
const CURRENT_TIME_KEY = 'aws:CurrentTime';

/**
 * A capability's policy for one role: placeholders replaced, and for a
 * temporary grant every Allow bounded by `aws:CurrentTime < expires`, so the
 * grant stops working at its expiry even if nobody runs apply in time.
 * Returns the placeholder names that have no value for this identity.
 */
export function permissionPolicy(
  capability: Capability,
  values: PlaceholderValues,
  expires?: string,
): { document: PolicyDocument; missing: string[] } {
  const { value, missing } = substitutePlaceholders(capability.policy, values);
  const document = expires
    ? { ...value, Statement: value.Statement.map((statement) => boundInTime(statement, expires)) }
    : value;
  return { document, missing };
}

function boundInTime(statement: PolicyStatement, expires: string): PolicyStatement {
  // A Deny that stopped at the expiry would widen access afterwards: leave it.
  if (statement.Effect === 'Deny') return statement;
  const condition = { ...(statement.Condition ?? {}) };
  const existing = condition.DateLessThan?.[CURRENT_TIME_KEY]?.[0];
  const earliest = existing && Date.parse(existing) < Date.parse(expires) ? existing : expires;
  condition.DateLessThan = { ...(condition.DateLessThan ?? {}), [CURRENT_TIME_KEY]: [earliest] };
  return { ...statement, Condition: condition };
}
