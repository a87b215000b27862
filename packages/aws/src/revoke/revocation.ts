import type { PolicyDocument } from '@aoa-iam/core';
import { POLICY_VERSION } from '@aoa-iam/core';

/**
 * How a revocation lives on a role, so that a later apply keeps it:
 *
 * - the inline policy {@link REVOCATION_POLICY} denies everything to sessions
 *   whose token was issued before the revocation (`aws:TokenIssueTime`), AWS's
 *   documented way to revoke a role's older sessions. New sessions are not
 *   affected. apply leaves it in place until no session issued before it can
 *   still be valid ({@link REVOCATION_LIFETIME_SECONDS}), then removes it;
 * - the tag {@link TAG_REVOKED_GRANTS} lists the temporary grants revoke
 *   dropped, as `capability@expires`. apply does not write those grants back
 *   while the catalogue still holds them with the same expiry; when the
 *   catalogue removes a grant or issues it again with a new expiry (the
 *   catalogue "says otherwise"), apply follows the catalogue and drops the tag.
 */
export const REVOCATION_POLICY = 'aoa-iam-revocation';
/** Tag listing the temporary grants revoke dropped, space-separated `capability@expires`. */
export const TAG_REVOKED_GRANTS = 'aoa-iam:revoked-grants';
/** IAM's longest role session (12 h): after it, no session issued before a revocation is alive. */
export const REVOCATION_LIFETIME_SECONDS = 43_200;

const TOKEN_ISSUE_TIME = 'aws:TokenIssueTime';
const CURRENT_TIME = 'aws:CurrentTime';

/**
 * The revocation instant as IAM's date conditions are usually written
 * (`2026-12-04T13:00:00Z`), rounded up to the next whole second so a session
 * issued in the same second as the revocation is cut too.
 */
export function revocationInstant(at: Date): string {
  return new Date(Math.ceil(at.getTime() / 1_000) * 1_000).toISOString().replace('.000Z', 'Z');
}

/** The deny-all policy for sessions issued before `before`. */
export function revocationPolicy(before: Date): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: 'AoaIamRevokeOlderSessions',
        Effect: 'Deny',
        Action: ['*'],
        Resource: ['*'],
        Condition: { DateLessThan: { [TOKEN_ISSUE_TIME]: [revocationInstant(before)] } },
      },
    ],
  };
}

/** The revocation time written in a live revocation policy, if it has one. */
export function revokedBefore(documentText: string): Date | undefined {
  const value = firstConditionValue(documentText, TOKEN_ISSUE_TIME);
  return value === undefined ? undefined : new Date(value);
}

/** True while a revocation written at `before` can still cut a live session. */
export function revocationActive(before: Date | undefined, now: Date): boolean {
  if (before === undefined || Number.isNaN(before.getTime())) return false;
  return now.getTime() < before.getTime() + REVOCATION_LIFETIME_SECONDS * 1_000;
}

/**
 * When a temporary grant's policy stops working: the earliest
 * `aws:CurrentTime` bound of its Allow statements, as compile writes it.
 */
export function temporaryExpiry(document: unknown): string | undefined {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  return firstConditionValue(text, CURRENT_TIME);
}

/** The key a dropped temporary grant is remembered by. */
export function grantKey(capability: string, expires: string | undefined): string {
  return `${capability}@${expires ?? 'unknown'}`;
}

/** Parses the value of {@link TAG_REVOKED_GRANTS}. */
export function parseRevokedGrants(value: string | undefined): Set<string> {
  return new Set((value ?? '').split(' ').filter((entry) => entry.length > 0));
}

function firstConditionValue(documentText: string, key: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(documentText);
  } catch {
    return undefined;
  }
  const statements = (parsed as { Statement?: unknown }).Statement;
  const values: string[] = [];
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    const block = (statement as { Condition?: Record<string, Record<string, unknown>> })?.Condition;
    const raw = block?.DateLessThan?.[key];
    for (const value of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
      values.push(String(value));
    }
  }
  return values.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}
