const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Seconds in a catalogue duration such as `90m` or `7d`. The schema has already
 * checked the shape, so anything else is a bug in the caller.
 */
export function parseDuration(text: string): number {
  const match = /^([1-9][0-9]*)([smhd])$/.exec(text);
  if (!match) throw new Error(`bug: duration "${text}" passed the schema but has no known unit`);
  return Number(match[1]) * (UNIT_SECONDS[match[2]!] ?? 0);
}

/** The shortest catalogue spelling of a number of seconds (`3600` → `1h`). */
export function formatDuration(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[unit]!;
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
