import type { Finding } from '../findings/finding.js';

/** Counts a report states up front. Suppressed findings count only as suppressed. */
export interface FindingSummary {
  errors: number;
  warnings: number;
  notes: number;
  suppressed: number;
}

/** Counts findings by severity, keeping suppressed ones apart. */
export function summarise(findings: readonly Finding[]): FindingSummary {
  const summary: FindingSummary = { errors: 0, warnings: 0, notes: 0, suppressed: 0 };
  for (const finding of findings) {
    if (finding.suppressed) summary.suppressed++;
    else if (finding.severity === 'error') summary.errors++;
    else if (finding.severity === 'warning') summary.warnings++;
    else summary.notes++;
  }
  return summary;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `2 errors, 1 warning, 0 notes (1 suppressed)`. */
export function summaryLine(summary: FindingSummary): string {
  const base = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.notes, 'note')}`;
  return summary.suppressed > 0 ? `${base} (${summary.suppressed} suppressed)` : base;
}
