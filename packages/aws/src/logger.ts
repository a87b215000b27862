/**
 * Where the AWS side reports what it is doing. The engine never prints: the
 * CLI writes these to stderr, an action to its log, tests to an array.
 */
export interface Logger {
  /** Milestones a reviewer scans: "read 120 roles", "created payments-staging-api". */
  info(message: string): void;
  /** Something the user should act on. */
  warn(message: string): void;
  /** Internals: retries, pages, pacing. */
  debug(message: string): void;
  /** Progress of long work: `done` of `total` items finished, the latest being `item`. */
  progress?(done: number, total: number, item: string): void;
}

/** A logger that drops everything; the default when a caller passes none. */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  debug() {},
};
