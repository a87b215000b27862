import { type Finding, formatPosition } from '../findings/finding.js';
import { maskSecrets } from '../secrets/mask.js';
import { summarise, summaryLine } from './summary.js';

/**
 * Findings as a person reads them in a terminal: `file:line:col severity rule`,
 * the message and the fix indented below, suppressed findings with their reason,
 * and a summary line. Everything passes through maskSecrets (invariant 6).
 */
export function renderFindingsText(
  findings: readonly Finding[],
  options: { omitRules?: readonly string[] } = {},
): string {
  // Omitted findings (shown elsewhere, e.g. the review's increases) still count in
  // the summary, so text, JSON and SARIF agree on the numbers.
  const listed = findings.filter((finding) => !options.omitRules?.includes(finding.rule));
  const blocks = listed.map((finding) => {
    const where = formatPosition(finding.position) || '(no position)';
    const lines = [`${where} ${finding.severity} ${finding.rule}`, `  ${finding.message}`];
    if (finding.fix) lines.push(`  fix: ${finding.fix}`);
    if (finding.suppressed) {
      const at = finding.suppressed.position
        ? ` (exception at ${formatPosition(finding.suppressed.position)})`
        : '';
      lines.push(`  suppressed: ${finding.suppressed.reason}${at}`);
    }
    return lines.join('\n');
  });
  const summary = summaryLine(summarise(findings));
  const body =
    blocks.length > 0
      ? `${blocks.join('\n\n')}\n\n`
      : listed.length < findings.length
        ? ''
        : 'No findings.\n';
  return maskSecrets(`${body}${summary}\n`);
}
