import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { renderFindingsJson, renderSarif } from '@aoa-iam/core';
import type { EngineOutcome } from './engine.js';

/** Written into the SARIF file as the tool's version. */
export const ACTION_VERSION = '0.1.0';

/**
 * Writes the SARIF log (for github/codeql-action/upload-sarif) and the JSON
 * report with every finding and the review; both are masked by the engine.
 */
export async function writeReportFiles(
  files: { sarifFile: string; reportFile: string; catalogue: string },
  outcome: EngineOutcome,
  base: string | undefined,
  workspace: string,
): Promise<void> {
  const sarif = renderSarif(outcome.findings, {
    toolVersion: ACTION_VERSION,
    baseDirectory: workspace,
    fallbackFile: files.catalogue,
  });
  const review = outcome.review
    ? { review: { base, ...outcome.review, approval: outcome.approval } }
    : {};
  await writeReportFile(files.sarifFile, sarif);
  await writeReportFile(files.reportFile, renderFindingsJson(outcome.findings, review));
}

async function writeReportFile(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, content, 'utf8');
}
