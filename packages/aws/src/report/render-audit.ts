import { maskSecrets } from '@aoa-iam/core';
import type { AuditReport } from '../audit/audit-model.js';
import { describeDifference } from './render-plan.js';

/** Output formats of audit. */
export type AuditFormat = 'markdown' | 'json' | 'csv';

/** Renders an audit report; every format goes through the secret mask. */
export function renderAudit(report: AuditReport, format: AuditFormat): string {
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
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
    report.drift.map((entry) => `- \`${entry.role}\`: ${describeDifference(entry)}`),
  );
  section(
    'Partially applied',
    report.partial.map((entry) => `- \`${entry.role}\`: missing ${entry.missing.join(', ')}`),
  );
  section(
    'Missing',
    report.missing.map((role) => `- \`${role}\`: in the catalogue, not in the account`),
  );
  section(
    'Orphans',
    report.orphans.map((entry) => `- \`${entry.role}\` (${entry.arn})`),
  );
  section(
    'Lookalikes',
    report.lookalikes.map((entry) => `- \`${entry.role}\`: not aoa-iam's: ${entry.reason}`),
  );
  section(
    'Expired temporary grants still live',
    report.expiredGrants.map(
      (entry) => `- \`${entry.role}\` ${entry.policy}: expired ${entry.expired}`,
    ),
  );
  section(
    'Revocations in force',
    report.revocations.map(
      (entry) => `- \`${entry.role}\`: sessions issued before ${entry.before}`,
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
      report.unusedServices.map((entry) => `- \`${entry.role}\`: ${entry.service}`),
    );
  }
  if (report.assumptions && report.window) {
    out.push(`## Assumptions ${report.window.from} to ${report.window.to}`, '');
    if (report.assumptions.length === 0) out.push('None.', '');
    else {
      out.push(
        '| time | role | app | identity | source address | user agent |',
        '|---|---|---|---|---|---|',
      );
      for (const row of report.assumptions) {
        out.push(
          `| ${[row.time, row.role, row.app ?? '', row.identity, row.sourceAddress, row.userAgent].map(cell).join(' | ')} |`,
        );
      }
      out.push('');
    }
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
    const body = report.assumptions.map((entry) =>
      [
        entry.time,
        entry.role,
        entry.app ?? '',
        entry.environment,
        entry.event,
        entry.identity,
        entry.sourceAddress,
        entry.userAgent,
      ]
        .map(csvField)
        .join(','),
    );
    text += `\n\n${[header.join(','), ...body].join('\n')}`;
  }
  return `${text}\n`;
}

function csvField(value: string): string {
  // A leading = + - @ makes spreadsheets run the cell as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function cell(value: string): string {
  return value.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
