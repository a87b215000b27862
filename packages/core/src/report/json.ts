import type { Finding } from '../findings/finding.js';
import { maskSecrets } from '../secrets/mask.js';
import { type FindingSummary, summarise } from './summary.js';

/** Version of the JSON report's shape; bumped only when a field changes meaning. */
export const JSON_REPORT_VERSION = 1;

/** The JSON report: summary counts and every finding as data. */
export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  summary: FindingSummary;
  findings: Finding[];
  /** Other sections a command adds, e.g. `review` for `validate --base`. */
  [section: string]: unknown;
}

/** Findings (and extra sections) as pretty JSON for machines, masked (invariant 6). */
export function renderFindingsJson(
  findings: readonly Finding[],
  extra: Record<string, unknown> = {},
): string {
  const report: JsonReport = {
    version: JSON_REPORT_VERSION,
    summary: summarise(findings),
    findings: [...findings],
    ...extra,
  };
  return `${maskSecrets(JSON.stringify(report, null, 2))}\n`;
}
