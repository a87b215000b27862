import {
  BudgetedMarkdown,
  code,
  escapeHtml,
  escapeQuotedLabels,
  fitMermaid,
  MERMAID_MAX_CHARS,
  markdownTable,
  relativeToWorkspace,
  text,
  utf8Length,
} from '@aoa-iam/action-kit';
import type { Finding, Severity, SourcePosition } from '@aoa-iam/core';
import { formatPosition } from '@aoa-iam/core';

/** One privilege increase as the report lists it. */
export interface IncreaseLine {
  role: string;
  /** What grew: `new action`, `wider resource`, `new trusted identity`, … */
  change: string;
  detail: string;
}

/** Everything the summary and the sticky comment say. */
export interface ValidateReport {
  catalogue: string;
  /** The base revision reviewed against, when there was one. */
  base?: string;
  blocking: boolean;
  /** Which findings fail the step (the `fail-on` input). */
  failOn: 'error' | 'warning' | 'never';
  counts: Record<Severity, number> & { suppressed: number; roles: number; increases: number };
  /** Sorted most severe first. */
  findings: Finding[];
  increases: IncreaseLine[];
  /** One sentence on the approval gate, when the catalogue has one. */
  approval?: string;
  /** The napkin graph of the derived roles, Mermaid source. */
  mermaid?: string;
  /** Where the full results are, e.g. the SARIF and JSON report files. */
  fullReport: string;
  /**
   * `https://github.com/OWNER/REPO/blob/SHA/` of the checked-out commit, so each
   * position links to its line; omitted outside a workflow run.
   */
  blobUrl?: string;
  workspace: string;
}

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', note: '🔵' };

/**
 * Renders the report as Markdown in `budget` bytes: verdict and counts first,
 * then findings, privilege increases and the graph, each trimmed or left out
 * (saying so, and where the rest is) when the budget runs out.
 */
export function renderValidateReport(report: ValidateReport, budget: number): string {
  const doc = new BudgetedMarkdown(budget);
  const noteReserve = 600;
  doc.add(headline(report), () => '', 0);

  if (report.findings.length > 0) {
    doc.add(
      `### Findings\n\n${findingsTable(report)}`,
      (n) =>
        `_${n} more finding rows were cut to stay under the size limit: ${report.fullReport}._`,
      noteReserve,
    );
  }
  if (report.base !== undefined) {
    doc.add(
      `### Privilege increases against ${code(report.base)}\n\n${increasesBody(report)}`,
      (n) =>
        `_${n} more increase rows were cut to stay under the size limit: ${report.fullReport}._`,
      noteReserve,
    );
  }
  if (report.mermaid) addGraph(doc, report, noteReserve);
  doc.add(`<sub>Full results: ${report.fullReport}.</sub>`, () => '');
  return doc.toString();
}

function headline(report: ValidateReport): string {
  const c = report.counts;
  const verdict = verdictLine(report);
  const table = markdownTable(
    ['errors', 'warnings', 'notes', 'suppressed', 'roles', 'privilege increases'],
    [[c.error, c.warning, c.note, c.suppressed, c.roles, c.increases].map(String)],
  );
  const lines = [`## aoa-iam validate: ${verdict}`, '', `Catalogue ${code(report.catalogue)}.`];
  if (report.approval) lines.push('', report.approval);
  return `${lines.join('\n')}\n\n${table}`;
}

function verdictLine(report: ValidateReport): string {
  const { error, warning } = report.counts;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (report.blocking && error > 0) return `❌ ${plural(error, 'error')} block this change`;
  if (report.blocking)
    return `❌ ${plural(warning, 'warning')} block this change (fail-on: warning)`;
  if (error > 0) return `⚠️ ${plural(error, 'error')}, not blocking (fail-on: never)`;
  return '✅ no blocking findings';
}

function findingsTable(report: ValidateReport): string {
  const rows = report.findings.map((finding) => [
    `${ICON[finding.severity]} ${finding.severity}${finding.suppressed ? ' (suppressed)' : ''}`,
    code(finding.rule),
    finding.position ? where(finding.position, report) : '',
    text(finding.message) +
      (finding.suppressed ? `<br>Suppressed: ${text(finding.suppressed.reason)}` : ''),
    text(finding.fix),
  ]);
  return markdownTable(['severity', 'rule', 'where', 'message', 'fix'], rows);
}

/** `file:line:col` as code, linked to the line on GitHub when the commit is known. */
function where(position: SourcePosition, report: ValidateReport): string {
  const file = relativeToWorkspace(position.file, report.workspace);
  const label = code(formatPosition({ ...position, file }));
  if (!report.blobUrl) return label;
  const href = `${report.blobUrl}${file.split('/').map(encodeURIComponent).join('/')}#L${position.line}`;
  return `<a href="${escapeHtml(href)}">${label}</a>`;
}

function increasesBody(report: ValidateReport): string {
  if (report.increases.length === 0) return 'None: no role gains a permission.';
  const rows = report.increases.map((line) => [
    code(line.role),
    text(line.change),
    text(line.detail),
  ]);
  return markdownTable(['role', 'change', 'detail'], rows);
}

function addGraph(doc: BudgetedMarkdown, report: ValidateReport, reserve: number): void {
  const frame = '### Who can do what\n\n```mermaid\n\n```\n';
  const note = 300;
  const room = Math.min(MERMAID_MAX_CHARS, doc.remaining - reserve - utf8Length(frame) - note);
  if (room < 200) {
    doc.add(
      `_The role graph was left out: no room under the size limit. See ${report.fullReport}._`,
      () => '',
    );
    return;
  }
  const fitted = fitMermaid(escapeQuotedLabels(report.mermaid ?? ''), room);
  const cut =
    fitted.droppedLines > 0
      ? `\n_The graph was cut to its first ${fitted.totalLines - fitted.droppedLines} of ${fitted.totalLines} lines to stay under the size limit._\n`
      : '';
  doc.add(
    `### Who can do what\n\n\`\`\`mermaid\n${fitted.source.trimEnd()}\n\`\`\`\n${cut}`,
    () => '',
  );
}
