/**
 * Where one YAML document sits in a stream (offsets into the LF-normalised text).
 * Found by {@link scanDocumentSpans}; the document's own YAML is parsed later,
 * and only when the render has a reason to read it.
 */
export interface DocumentSpan {
  /** 0-based position among the stream's documents, empty ones included. */
  index: number;
  /**
   * First offset that belongs to this document: for the first one, the stream's preamble comments
   * too.
   */
  start: number;
  /** Offset of the document's `---` line, or of its first content line when it has no marker. */
  markerStart: number;
  /** Offset just past the last character of the document (the next one's start). */
  end: number;
  /** True when the document starts with a `---` marker. */
  explicit: boolean;
  /** True when the document holds nothing but comments, blank lines and markers. */
  blank: boolean;
  /**
   * The root `kind:` when the document is a block map whose top level says
   * `kind: <Word>` exactly once; otherwise undefined and the document must be parsed.
   */
  kind?: string;
}

const TOP_LEVEL_KIND = /^kind:[ \t]+([A-Za-z][A-Za-z0-9]*)[ \t]*(?:#.*)?$/;

/**
 * Finds the documents of a YAML stream by the stream grammar of YAML 1.2
 * (§9.1–9.2): a document starts at a `---` marker in column 0 followed by a
 * space, tab or line end, or at its first content line; `...` in column 0 ends
 * one; comments, blank lines and `%` directives between documents belong to the
 * next. YAML forbids both markers at the start of a line inside any scalar
 * (`c-forbidden`), so an indented `---` in a block scalar or a certificate's
 * `-----BEGIN` line never ends a document. The test suite checks these spans
 * against the `yaml` package's own CST on every corpus file.
 */
export function scanDocumentSpans(text: string): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  let open: MutableSpan | undefined;
  let pendingStart = 0;

  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const next = newline === -1 ? text.length : newline + 1;
    const first = text.charCodeAt(lineStart);

    if (first === DASH && isMarker(text, lineStart, lineEnd, '---')) {
      if (open) spans.push(close(open, lineStart, spans.length));
      open = openSpan(open ? lineStart : pendingStart, lineStart, true);
      open.blank = isBlankRemainder(text, lineStart + 3, lineEnd);
      if (!open.blank) open.shape = 'other';
    } else if (first === DOT && isMarker(text, lineStart, lineEnd, '...')) {
      if (open) {
        spans.push(close(open, next, spans.length));
        open = undefined;
      }
      pendingStart = next;
    } else if (isCommentOrBlank(text, lineStart, lineEnd)) {
      // Belongs to the open document, or to the preamble of the next one.
    } else if (!open && first === PERCENT) {
      // A directive (%YAML, %TAG) before the next document's marker.
    } else {
      if (!open) open = openSpan(pendingStart, lineStart, false);
      observeContentLine(open, text, lineStart, lineEnd, first);
    }
    lineStart = next;
  }

  if (open) spans.push(close(open, text.length, spans.length));
  else if (spans.length > 0 && pendingStart < text.length) {
    // Comments after the last `...` stay with the last document.
    spans[spans.length - 1]!.end = text.length;
  }
  return spans;
}

const DASH = 0x2d;
const DOT = 0x2e;
const PERCENT = 0x25;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;

interface MutableSpan {
  start: number;
  markerStart: number;
  explicit: boolean;
  blank: boolean;
  /** `map` while every top-level line looks like a block-map key; `other` otherwise. */
  shape: 'unknown' | 'map' | 'other';
  kinds: string[];
}

function openSpan(start: number, markerStart: number, explicit: boolean): MutableSpan {
  return { start, markerStart, explicit, blank: true, shape: 'unknown', kinds: [] };
}

function close(span: MutableSpan, end: number, index: number): DocumentSpan {
  const kind = span.shape === 'map' && span.kinds.length === 1 ? span.kinds[0] : undefined;
  return {
    index,
    start: span.start,
    markerStart: span.markerStart,
    end,
    explicit: span.explicit,
    blank: span.blank,
    ...(kind === undefined ? {} : { kind }),
  };
}

function observeContentLine(
  span: MutableSpan,
  text: string,
  lineStart: number,
  lineEnd: number,
  first: number,
): void {
  span.blank = false;
  if (first === SPACE || first === TAB) return;
  // Column 0: a top-level key of a block map, or something that is not one.
  if (span.shape !== 'other') span.shape = isBlockKeyStart(first) ? 'map' : 'other';
  if (first === 0x6b /* k */ && text.startsWith('kind:', lineStart)) {
    const match = TOP_LEVEL_KIND.exec(text.slice(lineStart, lineEnd));
    if (match) span.kinds.push(match[1]!);
    else span.shape = 'other';
  }
}

/** Letters and digits start plain keys; quotes, brackets, `-`, `?`, `&`, `!`, `*`, `|`… do not. */
function isBlockKeyStart(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39)
  );
}

function isMarker(text: string, lineStart: number, lineEnd: number, marker: string): boolean {
  if (!text.startsWith(marker, lineStart)) return false;
  const after = lineStart + 3;
  if (after === lineEnd) return true;
  const code = text.charCodeAt(after);
  return code === SPACE || code === TAB;
}

function isCommentOrBlank(text: string, lineStart: number, lineEnd: number): boolean {
  for (let at = lineStart; at < lineEnd; at++) {
    const code = text.charCodeAt(at);
    if (code === SPACE || code === TAB || code === 0x0d) continue;
    return code === HASH;
  }
  return true;
}

function isBlankRemainder(text: string, from: number, lineEnd: number): boolean {
  return isCommentOrBlank(text, from, lineEnd);
}
