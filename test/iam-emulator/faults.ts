/**
 * Faults a test can inject into the emulator. Every knob is off by default;
 * tests switch on what their case needs and may change it between runs.
 */

/** What the emulator does wrong, and when. */
export interface FaultPlan {
  /** Answer `Throttling` to writes above this many per second (token bucket, burst = one second). */
  writesPerSecond?: number;
  /** Answer `Throttling` to every Nth call of any kind (1-based: 4 throttles calls 4, 8, 12, …). */
  throttleEveryNth?: number;
  /** Answer `ServiceFailure` (HTTP 500) to every Nth call. */
  serverErrorEveryNth?: number;
  /** Text put into the 500 answer's message; tests put secret-shaped values here. */
  serverErrorMessage?: string;
  /** Delay before every answer, in milliseconds. */
  latencyMs?: number;
  /**
   * A role created through the API is invisible to reads and writes for this
   * long (ms). AWS documents that IAM changes take time to propagate, not what
   * a caller sees meanwhile; NoSuchEntity is the commonly seen form, and tests
   * rely only on apply retrying it.
   */
  invisibleForMs?: number;
  /**
   * After the Nth successful write (1-based, counted across the emulator's life
   * from when this is set), carry out the write but never answer it.
   */
  hangAfterWrite?: number;
  /** Only count writes of this action for `hangAfterWrite`. */
  hangAction?: string;
  /** After the Nth successful write, carry it out and cut the connection without an answer. */
  crashAfterWrite?: number;
  /** Called after each successful write, with the running count; tests kill clients from here. */
  onWrite?: (action: string, params: URLSearchParams, count: number) => void;
}

/**
 * A token bucket: `rate` tokens a second, holding at most `burst`. AWS does not
 * document IAM's request rates or how it throttles; this is a model of "too
 * fast gets Throttling", and tests rely only on apply recovering from it, not
 * on the exact pattern.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
    this.last = Date.now();
  }

  /** Takes a token when one is there; false means "throttle this call". */
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1_000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
