/**
 * Text that came from outside aoa-iam (CloudTrail records, live IAM paths and
 * tags) is shown to people in terminals, GitHub step summaries and
 * spreadsheets. These helpers make it inert there.
 */

// C0 and C1 controls, DEL, line and paragraph separators and the bidirectional
// overrides: each can move a terminal's cursor, clear the screen, or reorder
// what a reader sees ("Trojan Source").
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The text with every control character replaced by U+FFFD, so an escape
 * sequence shows as harmless characters and the tampering stays visible.
 */
export function printableText(value: string): string {
  return value.replace(UNPRINTABLE, '\ufffd');
}

const MARKDOWN_SPECIAL: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '\\|',
  '\\': '\\\\',
  '`': '\\`',
  '[': '\\[',
  ']': '\\]',
};

/**
 * The text as literal Markdown: printable, with HTML (`<`, `>`, `&`), table
 * cell breaks (`|`), code spans and links escaped, so a value can neither add
 * markup to a rendered report nor break out of its table cell.
 */
export function markdownText(value: string): string {
  return printableText(value).replace(/[&<>|\\`[\]]/g, (special) => MARKDOWN_SPECIAL[special]!);
}
