import { utf8Length } from './text-budget.js';

/**
 * Mermaid refuses diagrams longer than 50,000 characters (its default
 * `maxTextSize`); GitHub renders with that default.
 */
export const MERMAID_MAX_CHARS = 50_000;

/**
 * Escapes a label for a quoted Mermaid node (`id["…"]`) with Mermaid's entity
 * codes (`#quot;`, `#60;`), the only escape that survives both Mermaid's parser
 * and GitHub's HTML sanitiser; newlines become spaces.
 */
export function mermaidLabel(value: string): string {
  return value
    .replaceAll('#', '#35;')
    .replaceAll('&', '#38;')
    .replaceAll('"', '#quot;')
    .replaceAll('<', '#lt;')
    .replaceAll('>', '#gt;')
    .replaceAll('`', '#96;')
    .replaceAll(/\r?\n/g, ' ');
}

/** A diagram fitted under the limit, and what was cut to get there. */
export interface FittedMermaid {
  source: string;
  /** Lines of the original diagram left out; 0 when it fitted. */
  droppedLines: number;
  totalLines: number;
}

/**
 * Fits a Mermaid diagram under `maxChars` by keeping its lines in order while
 * they fit, closing any `subgraph` left open so the diagram still parses, and
 * adding one node that says how many lines were cut. Sizes are counted in UTF-8
 * bytes, never fewer than Mermaid's own count.
 */
export function fitMermaid(source: string, maxChars = MERMAID_MAX_CHARS): FittedMermaid {
  const lines = source.replace(/\n+$/, '').split('\n');
  if (utf8Length(source) <= maxChars) {
    return { source, droppedLines: 0, totalLines: lines.length };
  }

  // Room for the closing `end`s and the note node, whose count has at most 7 digits.
  const noteFor = (dropped: number): string =>
    `  aoa_iam_cut["${mermaidLabel(`… ${dropped} more lines of this graph were cut to stay under Mermaid's ${maxChars}-character limit`)}"]`;
  const noteBytes = utf8Length(noteFor(9_999_999)) + 1;

  const kept: string[] = [];
  let used = 0;
  let depth = 0;
  for (const line of lines) {
    const opens = /^\s*subgraph\b/.test(line) ? 1 : 0;
    const closes = /^\s*end\s*$/.test(line) ? 1 : 0;
    const nextDepth = depth + opens - closes;
    const cost = utf8Length(line) + 1;
    if (used + cost + nextDepth * 4 + noteBytes > maxChars) break;
    kept.push(line);
    used += cost;
    depth = nextDepth;
  }

  const dropped = lines.length - kept.length;
  for (; depth > 0; depth -= 1) kept.push('end');
  kept.push(noteFor(dropped));
  return { source: `${kept.join('\n')}\n`, droppedLines: dropped, totalLines: lines.length };
}

/**
 * HTML-escapes the quoted labels of a diagram made elsewhere (`id["…"]`,
 * `-- "…" -->`) with Mermaid's entity codes, so no catalogue text reaches
 * GitHub's renderer as markup. Entity codes already there (`#quot;`) are kept.
 */
export function escapeQuotedLabels(source: string): string {
  return source.replaceAll(/"([^"\n]*)"/g, (_match, label: string) => {
    const escaped = label
      .replaceAll(/&(?![a-z]+;|#\d+;)/gi, '#38;')
      .replaceAll('<', '#lt;')
      .replaceAll('>', '#gt;')
      .replaceAll('`', '#96;');
    return `"${escaped}"`;
  });
}
