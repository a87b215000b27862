import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { BudgetedMarkdown } from '@aoa-iam/action-kit';
import { type AuditReport, renderAudit } from '@aoa-iam/aws';

/** Paths of the report files one audit writes. */
export interface AuditReportFiles {
  json: string;
  csv: string;
  markdown: string;
}

/**
 * Writes the full report as JSON, CSV and Markdown to
 * `<dir>/aoa-iam-audit-<environment>.*`, for actions/upload-artifact.
 */
export async function writeReports(dir: string, report: AuditReport): Promise<AuditReportFiles> {
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `aoa-iam-audit-${report.environment}`);
  const files = { json: `${base}.json`, csv: `${base}.csv`, markdown: `${base}.md` };
  await writeFile(files.json, renderAudit(report, 'json'), 'utf8');
  await writeFile(files.csv, renderAudit(report, 'csv'), 'utf8');
  await writeFile(files.markdown, renderAudit(report, 'markdown'), 'utf8');
  return files;
}

/** The Markdown report within `budget` bytes, cut at a line with a pointer to the full text. */
export function fitReport(markdown: string, budget: number, fullReport: string): string {
  const doc = new BudgetedMarkdown(budget);
  doc.add(
    markdown,
    (n) =>
      `_${n} more lines were cut to stay under GitHub's size limit; the full report is in ${fullReport}._`,
  );
  return doc.toString();
}
