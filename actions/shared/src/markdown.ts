/** Escapes text for HTML and GitHub Markdown, so catalogue text cannot inject markup. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Plain text made safe for Markdown, including a table cell: HTML-escaped, pipes
 * and Markdown emphasis characters escaped, newlines as `<br>`.
 */
export function text(value: string): string {
  return escapeHtml(value)
    .replaceAll(/([\\|*_[\]`~])/g, '\\$1')
    .replaceAll(/\r?\n/g, '<br>');
}

/**
 * Code-styled text. An HTML `<code>` element rather than backticks, because
 * Markdown code spans would show HTML entities literally.
 */
export function code(value: string): string {
  return `<code>${escapeHtml(value).replaceAll('|', '&#124;').replaceAll(/\r?\n/g, ' ')}</code>`;
}

/**
 * A Markdown table. Cells must already be safe Markdown (built with {@link text}
 * or {@link code}); the header is escaped here.
 */
export function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const head = `| ${header.map(text).join(' | ')} |`;
  const rule = `| ${header.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${row.join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}
