/**
 * Which failures are worth another try, and how long to wait. The SDK's
 * adaptive retry already retries throttling and 5xx a few times and slows
 * its sending rate; this layer keeps going past the SDK's attempts for a
 * storm that lasts longer, and handles IAM's eventual consistency.
 */

/** Attempts above the SDK's for throttling, 5xx and timeouts. */
export const OUTER_ATTEMPTS = 8;
/** Attempts for NoSuchEntity on a role this run just created (IAM's eventual consistency). */
export const CONSISTENCY_ATTEMPTS = 10;
/** First backoff; doubles each attempt, with full jitter, up to {@link MAX_BACKOFF_MS}. */
export const BASE_BACKOFF_MS = 100;
/** The longest one backoff wait, in milliseconds. */
export const MAX_BACKOFF_MS = 5_000;

/** The error's AWS code (`Throttling`, `NoSuchEntity`, …) or its name. */
export function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const candidate = error as { Code?: unknown; code?: unknown; name?: unknown };
  // The SDK names modelled errors `<Code>Exception` and keeps the wire code in `Code`.
  const code = String(candidate.Code ?? candidate.name ?? candidate.code ?? '');
  return code.endsWith('Exception') && code !== 'Exception'
    ? code.slice(0, -'Exception'.length)
    : code;
}

/** SDK attempts the error took (1 when unknown). */
export function sdkAttempts(value: unknown): number {
  const metadata = (value as { $metadata?: { attempts?: number } } | undefined)?.$metadata;
  return metadata?.attempts ?? 1;
}

/** Throttling, server failures, timeouts and dropped connections: the call may succeed later. */
export function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  if (/Throttl|RequestLimitExceeded|TooManyRequests|ServiceFailure|ServiceUnavailable/.test(code)) {
    return true;
  }
  if (/TimeoutError|RequestTimeout|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up/i.test(code)) {
    return true;
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  const message = error instanceof Error ? error.message : '';
  return /socket hang up|ECONNRESET|timed? ?out/i.test(message);
}

/** Full-jitter exponential backoff for attempt `n` (1-based). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs a read, retrying throttling, 5xx and timeouts past the SDK's own
 * attempts with the same backoff apply uses for writes.
 */
export async function retryTransient<T>(
  what: string,
  read: () => Promise<T>,
  log: (message: string) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!isTransient(error) || attempt >= OUTER_ATTEMPTS) throw error;
      const wait = backoffMs(attempt);
      log(
        `${what}: ${errorCode(error)}, attempt ${attempt + 1} of ${OUTER_ATTEMPTS} in ${wait} ms`,
      );
      await sleep(wait);
    }
  }
}
