import path from 'node:path';
import { lintPolicy } from '../../src/checks/lint-policy.js';
import type { PolicySite } from '../../src/checks/policy-site.js';
import { checkTrustConditions } from '../../src/checks/trust-conditions.js';
import { type ValidateResult, validateCatalogue } from '../../src/checks/validate.js';
import type { Finding } from '../../src/findings/finding.js';
import { sharedIamData } from '../../src/policy/iam-data.js';
import { normalisePolicy } from '../../src/policy/normalise.js';
import { temporaryTree } from '../catalogue/fixtures.js';

/** The clock every check test runs at. */
export const NOW = new Date('2026-12-04T12:00:00Z');

/** A policy as a site with no positions, labelled "policy". */
export function siteOf(raw: unknown): PolicySite {
  return { document: normalisePolicy(raw), locate: () => undefined, subject: {}, label: 'policy' };
}

/** Every least-privilege finding on a raw permission policy. */
export function lint(raw: unknown): Finding[] {
  return lintPolicy(siteOf(raw), sharedIamData());
}

/** Every trust-condition finding on a raw trust policy. */
export function lintTrust(raw: unknown): Finding[] {
  return checkTrustConditions(siteOf(raw));
}

/** Rule ids of findings, sorted, for compact assertions. */
export function rules(findings: readonly Finding[]): string[] {
  return findings.map((finding) => finding.rule).sort();
}

/** Writes `files` to a temporary tree and validates its `aoa-iam.yaml`. */
export async function validateFiles(
  files: Record<string, string>,
  now = NOW,
): Promise<ValidateResult> {
  const root = temporaryTree(files);
  return validateCatalogue(path.join(root, 'aoa-iam.yaml'), { now });
}
