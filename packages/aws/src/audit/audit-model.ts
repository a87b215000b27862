import type { Difference } from '../plan/plan-model.js';

/** A live role that differs from the catalogue, one field per entry. */
export interface DriftEntry extends Difference {
  role: string;
  app?: string;
}

/** One role assumption from CloudTrail. */
export interface AssumptionRow {
  /** ISO 8601. */
  time: string;
  role: string;
  app?: string;
  environment: string;
  /** `AssumeRoleWithWebIdentity` or `AssumeRole`. */
  event: string;
  /** The token subject (`system:serviceaccount:NS:SA`, `repo:OWNER/REPO:…`) or the caller's ARN. */
  identity: string;
  sourceAddress: string;
  userAgent: string;
}

/** An attempt to assume a role that AWS refused (the event carries an `errorCode`). */
export interface FailedAssumptionRow extends AssumptionRow {
  /** CloudTrail's `errorCode`, e.g. `AccessDenied`. */
  error: string;
}

/** Everything audit found for one environment. */
export interface AuditReport {
  environment: string;
  account: string;
  /** ISO 8601 instant the audit judged expiry and use against. */
  now: string;
  drift: DriftEntry[];
  /**
   * Owned roles written at the catalogue's current revision but missing a part
   * (an apply that stopped half-way), naming the parts.
   */
  partial: Array<{ role: string; missing: string[] }>;
  /** Derived roles that do not exist at all. */
  missing: string[];
  /** Roles aoa-iam owns that the catalogue no longer has. */
  orphans: Array<{ role: string; arn: string; app?: string }>;
  /** Roles with a derived name that aoa-iam does not own. */
  lookalikes: Array<{ role: string; arn: string; path: string; reason: string }>;
  /** Temporary grants past their expiry and still on a live role (invariant 5). */
  expiredGrants: Array<{ role: string; policy: string; expired: string }>;
  /** Active revocations. */
  revocations: Array<{ role: string; before: string }>;
  /** Owned roles not used for `unusedDays` (or never). */
  unused: Array<{ role: string; lastUsed?: string }>;
  unusedDays: number;
  /** Services a role may use and has not, from service-last-accessed data (when asked). */
  unusedServices?: Array<{ role: string; service: string }>;
  /** Assumptions in the window, newest first (when a window was asked). Refused attempts are not here. */
  assumptions?: AssumptionRow[];
  /** Attempts in the window that AWS refused, newest first: someone tried and got no session. */
  failedAssumptions?: FailedAssumptionRow[];
  window?: { from: string; to: string };
}

/** What `--fail-on` can name. */
export type AuditFailure = 'drift' | 'expired';

/** True when the report holds something the caller asked to fail on. */
export function auditFails(report: AuditReport, failOn: readonly AuditFailure[]): boolean {
  const drift =
    report.drift.length > 0 ||
    report.partial.length > 0 ||
    report.missing.length > 0 ||
    report.orphans.length > 0;
  return (
    (failOn.includes('drift') && drift) ||
    (failOn.includes('expired') && report.expiredGrants.length > 0)
  );
}
