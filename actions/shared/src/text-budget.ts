/**
 * Size of `text` in UTF-8 bytes. GitHub's limits are stated in characters for
 * comments and in bytes for summaries; measuring bytes is safe for both, since a
 * string never has more characters (code points or UTF-16 units) than UTF-8 bytes.
 */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The result of fitting text into a budget. */
export interface FittedText {
  text: string;
  /** Lines dropped from the end; 0 when everything fitted. */
  droppedLines: number;
}

/**
 * Keeps whole lines of `text` from the start while they fit in `maxBytes` (UTF-8).
 * A single line longer than the budget is cut at a code-point boundary, so no
 * surrogate pair or multi-byte character is ever split.
 */
export function fitLines(text: string, maxBytes: number): FittedText {
  if (utf8Length(text) <= maxBytes) return { text, droppedLines: 0 };

  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = utf8Length(line) + (kept.length > 0 ? 1 : 0);
    if (used + cost > maxBytes) break;
    kept.push(line);
    used += cost;
  }
  if (kept.length === 0) {
    return { text: cutCodePoints(lines[0] ?? '', maxBytes), droppedLines: lines.length - 1 };
  }
  return { text: kept.join('\n'), droppedLines: lines.length - kept.length };
}

/** The longest prefix of `text` of whole code points that fits in `maxBytes`. */
export function cutCodePoints(text: string, maxBytes: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const cost = utf8Length(char);
    if (used + cost > maxBytes) break;
    used += cost;
    end += char.length;
  }
  return text.slice(0, end);
}
