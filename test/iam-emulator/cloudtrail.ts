/**
 * CloudTrail's LookupEvents over the JSON 1.1 protocol, enough for audit's
 * "who assumed what, when": events a test records, filtered by event name and
 * time window, paged with NextToken, rate limited like the real API.
 */

/** One management event as CloudTrail stores it; `detail` becomes the CloudTrailEvent JSON. */
export interface TrailEvent {
  id: string;
  name: string;
  time: Date;
  source: string;
  username?: string;
  resources: Array<{ type: string; name: string }>;
  /** The event record (userIdentity, requestParameters, sourceIPAddress, userAgent, …). */
  detail: Record<string, unknown>;
}

/** LookupEvents answers at most this many events a page (documented maximum). */
export const LOOKUP_PAGE_MAX = 50;

/** An error in CloudTrail's JSON protocol shape. */
export class TrailError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Runs LookupEvents on `events`; returns the JSON answer body. */
export function lookupEvents(events: readonly TrailEvent[], body: string): string {
  const request = JSON.parse(body || '{}') as {
    LookupAttributes?: Array<{ AttributeKey: string; AttributeValue: string }>;
    StartTime?: number;
    EndTime?: number;
    MaxResults?: number;
    NextToken?: string;
  };
  const attributes = request.LookupAttributes ?? [];
  // CloudTrail accepts at most one lookup attribute per request (documented).
  if (attributes.length > 1) {
    throw new TrailError(
      'InvalidLookupAttributesException',
      400,
      'Only one lookup attribute allowed.',
    );
  }
  const wanted = attributes[0];
  const start = request.StartTime === undefined ? -Infinity : request.StartTime * 1_000;
  const end = request.EndTime === undefined ? Infinity : request.EndTime * 1_000;
  const matching = events
    .filter((event) => event.time.getTime() >= start && event.time.getTime() <= end)
    .filter((event) => wanted?.AttributeKey !== 'EventName' || event.name === wanted.AttributeValue)
    .sort((a, b) => b.time.getTime() - a.time.getTime());

  const size = Math.min(request.MaxResults ?? LOOKUP_PAGE_MAX, LOOKUP_PAGE_MAX);
  const offset = request.NextToken ? Number(request.NextToken) : 0;
  const slice = matching.slice(offset, offset + size);
  const next = offset + size < matching.length ? String(offset + size) : undefined;
  return JSON.stringify({
    Events: slice.map((event) => ({
      EventId: event.id,
      EventName: event.name,
      ReadOnly: 'false',
      EventTime: event.time.getTime() / 1_000,
      EventSource: event.source,
      Username: event.username,
      Resources: event.resources.map((resource) => ({
        ResourceType: resource.type,
        ResourceName: resource.name,
      })),
      CloudTrailEvent: JSON.stringify(event.detail),
    })),
    NextToken: next,
  });
}
