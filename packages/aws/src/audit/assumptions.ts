import { maskSecrets, TAG_APP } from '@aoa-iam/core';
import { type CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { sleep } from '../apply/retry-policy.js';
import type { LiveRole } from '../live/live-role.js';
import type { Logger } from '../logger.js';
import { printableText } from '../report/untrusted-text.js';
import type { AssumptionRow, FailedAssumptionRow } from './audit-model.js';

// Not yet: EKS Pod Identity sessions (AssumeRoleForPodIdentity, from eks-auth) are not
// looked up, so pods that use Pod Identity are missing from the rows.
/** The events that mean "someone took this role". */
export const ASSUMPTION_EVENTS = ['AssumeRoleWithWebIdentity', 'AssumeRole'] as const;
/** LookupEvents is limited to 2 requests a second per account and region: pace below it. */
export const LOOKUP_INTERVAL_MS = 550;
/** A bound on pages per event name, so a busy account cannot keep audit running for hours. */
export const MAX_LOOKUP_PAGES = 200;

interface TrailRecord {
  eventTime?: string;
  /** Set when AWS refused the call: no session was issued. */
  errorCode?: string;
  /** Set with, and on some records without, `errorCode`: a refusal all the same. */
  errorMessage?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  requestParameters?: { roleArn?: string };
  responseElements?: { subjectFromWebIdentityToken?: string };
  userIdentity?: { userName?: string; arn?: string; principalId?: string };
}

/** The assumptions that gave a session, and the attempts AWS refused, each newest first. */
export interface AssumptionRows {
  assumptions: AssumptionRow[];
  failed: FailedAssumptionRow[];
}

/**
 * Who assumed aoa-iam's roles in a time window: LookupEvents for each
 * assumption event, paged with NextToken and paced, kept to the given roles.
 * An event with an `errorCode` (or only an `errorMessage`) is a refused attempt and is kept apart: it
 * gave nobody a session. Only the fields a row needs are read; credentials in
 * the records (access key ids) are never copied. Every text is masked and
 * made printable on the way in: anyone who can call STS writes these records.
 */
export async function readAssumptions(options: {
  cloudtrail: CloudTrailClient;
  roles: readonly LiveRole[];
  environment: string;
  from: Date;
  to: Date;
  logger: Logger;
}): Promise<AssumptionRows> {
  const byArn = new Map(options.roles.map((role) => [role.arn, role]));
  const rows: AssumptionRow[] = [];
  const failed: FailedAssumptionRow[] = [];
  let first = true;
  for (const eventName of ASSUMPTION_EVENTS) {
    let token: string | undefined;
    let pages = 0;
    do {
      if (!first) await sleep(LOOKUP_INTERVAL_MS);
      first = false;
      const page = await options.cloudtrail.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }],
          StartTime: options.from,
          EndTime: options.to,
          MaxResults: 50,
          NextToken: token,
        }),
      );
      pages++;
      for (const event of page.Events ?? []) {
        const row = rowOf(eventName, event.CloudTrailEvent, byArn, options.environment);
        if (row && 'error' in row) failed.push(row);
        else if (row) rows.push(row);
      }
      token = page.NextToken;
    } while (token && pages < MAX_LOOKUP_PAGES);
    if (token)
      options.logger.warn(
        `${eventName}: stopped after ${MAX_LOOKUP_PAGES} pages; narrow the window`,
      );
  }
  return { assumptions: rows.sort(newestFirst), failed: failed.sort(newestFirst) };
}

function newestFirst(a: AssumptionRow, b: AssumptionRow): number {
  return a.time < b.time ? 1 : a.time > b.time ? -1 : 0;
}

/** Untrusted record text as it may be shown: masked and printable. */
function shown(value: unknown): string {
  return printableText(maskSecrets(typeof value === 'string' ? value : ''));
}

function rowOf(
  eventName: string,
  text: string | undefined,
  byArn: Map<string, LiveRole>,
  environment: string,
): AssumptionRow | FailedAssumptionRow | undefined {
  let record: TrailRecord;
  try {
    record = JSON.parse(text ?? '{}') as TrailRecord;
  } catch {
    return undefined;
  }
  const role = byArn.get(record.requestParameters?.roleArn ?? '');
  if (!role) return undefined;
  const identity =
    eventName === 'AssumeRoleWithWebIdentity'
      ? (record.responseElements?.subjectFromWebIdentityToken ??
        record.userIdentity?.userName ??
        '')
      : (record.userIdentity?.arn ?? record.userIdentity?.principalId ?? '');
  const row: AssumptionRow = {
    time: shown(record.eventTime),
    role: role.name,
    app: role.tags[TAG_APP],
    environment,
    event: eventName,
    identity: shown(identity),
    sourceAddress: shown(record.sourceIPAddress),
    userAgent: shown(record.userAgent),
  };
  const refusal = record.errorCode ?? (record.errorMessage ? 'Error' : undefined);
  return refusal ? { ...row, error: shown(refusal) } : row;
}
