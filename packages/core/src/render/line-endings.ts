/** How a stream ends its lines; the output uses one style throughout. */
export type LineEnding = '\n' | '\r\n';

/** A stream with CRLF turned into LF, and the style to write it back in. */
export interface NormalisedText {
  text: string;
  /** `\r\n` only when every line of the input ended that way; mixed input comes out as LF. */
  ending: LineEnding;
}

/**
 * Turns CRLF into LF so no value keeps a trailing `\r` (YAML would keep it in
 * plain scalars of a CR-only line) and strips a UTF-8 byte-order mark.
 */
export function normaliseLineEndings(input: string): NormalisedText {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!text.includes('\r\n')) return { text, ending: '\n' };

  const crlf = countOccurrences(text, '\r\n');
  const lf = countOccurrences(text, '\n');
  return { text: text.replaceAll('\r\n', '\n'), ending: crlf === lf ? '\r\n' : '\n' };
}

/** Writes LF-normalised text back in `ending`. */
export function restoreLineEndings(text: string, ending: LineEnding): string {
  return ending === '\n' ? text : text.replaceAll('\n', '\r\n');
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    count += 1;
  }
  return count;
}
