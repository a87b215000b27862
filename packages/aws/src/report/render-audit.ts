import { maskSecrets } from '@aoa-iam/core';
import type { AssumptionRow, AuditReport } from '../audit/audit-model.js';
import { describeDifference } from './render-plan.js';
import { markdownText, printableText } from './untrusted-text.js';

/** Output formats of audit. */
export type AuditFormat = 'markdown' | 'json' | 'csv';

/**
 * Renders an audit report; every format goes through the secret mask. Values
 * come from the account and from CloudTrail, where anyone who can call STS
 * writes: every format strips control characters from them, and Markdown
 * escapes them so that they cannot add markup or break a table.
 */
export function renderAudit(report: AuditReport, format: AuditFormat): string {
  const text =
    format === 'json'
      ? `${JSON.stringify(report, (_key, value) => (typeof value === 'string' ? printableText(value) : value), 2)}\n`
      : format === 'csv'
        ? auditCsv(report)
        : auditMarkdown(report);
  return maskSecrets(text);
}

function auditMarkdown(report: AuditReport): string {
  const out: string[] = [
    `# aoa-iam audit: ${report.environment} (account ${report.account})`,
    '',
    `As of ${report.now}.`,
    '',
  ];
  const section = (title: string, rows: string[]) => {
    out.push(`## ${title}`, '');
    out.push(...(rows.length > 0 ? rows : ['None.']), '');
  };
  section(
    'Drift',
    report.drift.map((entry) => `- \`${entry.role}\`: ${describeDifference(entry, markdownText)}`),
  );
  section(
    'Partially applied',
    report.partial.map(
      (entry) => `- \`${entry.role}\`: missing ${markdownText(entry.missing.join(', '))}`,
    ),
  );
  section(
    'Missing',
    report.missing.map((role) => `- \`${role}\`: in the catalogue, not in the account`),
  );
  section(
    'Orphans',
    report.orphans.map((entry) => `- \`${entry.role}\` (${markdownText(entry.arn)})`),
  );
  section(
    'Lookalikes',
    report.lookalikes.map(
      (entry) => `- \`${entry.role}\`: not aoa-iam's: ${markdownText(entry.reason)}`,
    ),
  );
  section(
    'Expired temporary grants still live',
    report.expiredGrants.map(
      (entry) =>
        `- \`${entry.role}\` ${markdownText(entry.policy)}: expired ${markdownText(entry.expired)}`,
    ),
  );
  section(
    'Revocations in force',
    report.revocations.map(
      (entry) => `- \`${entry.role}\`: sessions issued before ${markdownText(entry.before)}`,
    ),
  );
  section(
    `Unused for ${report.unusedDays} days`,
    report.unused.map(
      (entry) =>
        `- \`${entry.role}\`: ${entry.lastUsed ? `last used ${entry.lastUsed}` : 'never used'}`,
    ),
  );
  if (report.unusedServices) {
    section(
      'Allowed services never used',
      report.unusedServices.map((entry) => `- \`${entry.role}\`: ${markdownText(entry.service)}`),
    );
  }
  if (report.assumptions && report.window) {
    out.push(`## Assumptions ${report.window.from} to ${report.window.to}`, '');
    table(
      out,
      ['time', 'role', 'app', 'identity', 'source address', 'user agent'],
      report.assumptions.map((row) => [
        row.time,
        row.role,
        row.app ?? '',
        row.identity,
        row.sourceAddress,
        row.userAgent,
      ]),
    );
    out.push('## Refused attempts', '');
    table(
      out,
      ['time', 'role', 'app', 'error', 'identity', 'source address', 'user agent'],
      (report.failedAssumptions ?? []).map((row) => [
        row.time,
        row.role,
        row.app ?? '',
        row.error,
        row.identity,
        row.sourceAddress,
        row.userAgent,
      ]),
    );
  }
  return out.join('\n');
}

/**
 * One CSV of findings (kind, role, field, change, live, desired, detail) and,
 * when present, one of assumptions after a blank line.
 */
function auditCsv(report: AuditReport): string {
  const rows: string[][] = [['kind', 'role', 'field', 'change', 'live', 'desired', 'detail']];
  const row = (kind: string, role: string, detail: string) =>
    rows.push([kind, role, '', '', '', '', detail]);
  for (const entry of report.drift) {
    const field = entry.name ? `${entry.field} ${entry.name}` : entry.field;
    rows.push([
      'drift',
      entry.role,
      field,
      entry.change,
      entry.live ?? '',
      entry.desired ?? '',
      entry.note ?? '',
    ]);
  }
  for (const entry of report.partial)
    row('partial', entry.role, `missing ${entry.missing.join(', ')}`);
  for (const role of report.missing) row('missing', role, 'in the catalogue, not in the account');
  for (const entry of report.orphans) row('orphan', entry.role, entry.arn);
  for (const entry of report.lookalikes) row('lookalike', entry.role, entry.reason);
  for (const entry of report.expiredGrants)
    row('expired-grant', entry.role, `${entry.policy} expired ${entry.expired}`);
  for (const entry of report.revocations)
    row('revocation', entry.role, `sessions issued before ${entry.before}`);
  for (const entry of report.unused)
    row('unused', entry.role, entry.lastUsed ? `last used ${entry.lastUsed}` : 'never used');
  for (const entry of report.unusedServices ?? []) row('unused-service', entry.role, entry.service);
  let text = rows.map((fields) => fields.map(csvField).join(',')).join('\n');
  if (report.assumptions) {
    const header = [
      'time',
      'role',
      'app',
      'environment',
      'event',
      'identity',
      'source_address',
      'user_agent',
    ];
    const fields = (entry: AssumptionRow) => [
      entry.time,
      entry.role,
      entry.app ?? '',
      entry.environment,
      entry.event,
      entry.identity,
      entry.sourceAddress,
      entry.userAgent,
    ];
    const block = (head: string[], body: string[][]) =>
      `\n\n${[head, ...body].map((line) => line.map(csvField).join(',')).join('\n')}`;
    text += block(header, report.assumptions.map(fields));
    // Refused attempts in a block of their own, so no script counts them as sessions.
    text += block(
      [...header, 'error'],
      (report.failedAssumptions ?? []).map((entry) => [...fields(entry), entry.error]),
    );
  }
  return `${text}\n`;
}

function csvField(value: string): string {
  // A leading = + - @ makes spreadsheets run the cell as a formula.
  const printable = printableText(value);
  const safe = /^[=+\-@]/.test(printable) ? `'${printable}` : printable;
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A Markdown table of untrusted values, or "None.". */
function table(out: string[], header: string[], rows: string[][]): void {
  if (rows.length === 0) {
    out.push('None.', '');
    return;
  }
  out.push(`| ${header.join(' | ')} |`, `|${'---|'.repeat(header.length)}`);
  for (const row of rows) out.push(`| ${row.map(markdownText).join(' | ')} |`);
  out.push('');
}
