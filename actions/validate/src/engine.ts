import { readFile } from 'node:fs/promises';
import type {
  ApprovalDecision,
  ApprovalEvidence,
  Catalogue,
  DerivedRole,
  Finding,
  ReviewResult,
} from '@aoa-iam/core';
import {
  compileCatalogue,
  decideApproval,
  loadCatalogue,
  napkinView,
  readApprovalRule,
  renderNapkinMermaid,
  reviewAgainst,
  reviewFindings,
  sortFindings,
  validateCatalogue,
} from '@aoa-iam/core';
import type { BaseFileReader } from './base-catalogue.js';
import { bundledIamData } from './iam-data.js';

/** What the engine says about the pull request's catalogue. */
export interface EngineOutcome {
  /** Sorted most severe first; review findings included. */
  findings: Finding[];
  roles: DerivedRole[];
  catalogue?: Catalogue;
  /** Set when a base was reviewed. */
  review?: ReviewResult;
  approval?: ApprovalDecision;
  /** The napkin graph of the head catalogue, Mermaid source. */
  mermaid?: string;
}

/** Reads the pull request's labels and approvals, asked only when a rule needs them. */
export type EvidenceSource = (teams: readonly string[]) => Promise<ApprovalEvidence>;

/**
 * Runs every check on the catalogue and, when `base` is given, reviews the
 * change against the catalogue as it was there and applies the catalogue's
 * `review:` approval rule. All judgement is the engine's; this only wires files
 * and GitHub's evidence to it.
 */
export async function evaluateCatalogue(
  catalogue: string,
  now: Date,
  base: { read: BaseFileReader; revision: string } | undefined,
  evidence: EvidenceSource,
): Promise<EngineOutcome> {
  const iam = bundledIamData();
  const head = await validateCatalogue(catalogue, { now, iam });
  if (!head.catalogue) return { findings: head.findings, roles: [] };
  const mermaid = renderNapkinMermaid(napkinView(head.catalogue, head.roles, iam));
  const outcome = { roles: head.roles, catalogue: head.catalogue, mermaid };
  if (!base) return { ...outcome, findings: head.findings };

  const baseRoles = await rolesAtBase(catalogue, now, base);
  const review = reviewAgainst(baseRoles, head.roles, head.catalogue, iam);
  const { rule, problems } = readApprovalRule(await readFile(catalogue, 'utf8'));
  const needsEvidence = rule !== undefined && review.increases.length > 0;
  const approval = decideApproval(
    rule,
    review.increases,
    needsEvidence ? await evidence(rule.teams) : { labels: [], approvals: [] },
  );
  return {
    ...outcome,
    review,
    approval,
    findings: sortFindings([
      ...reviewFindings(review, approval, catalogue, problems),
      ...head.findings,
    ]),
  };
}

/**
 * The roles derived at the base revision; none when the catalogue did not
 * exist there (the pull request adds it, so every role is new).
 */
async function rolesAtBase(
  catalogue: string,
  now: Date,
  base: { read: BaseFileReader; revision: string },
): Promise<DerivedRole[]> {
  try {
    await base.read(catalogue);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  const loaded = await loadCatalogue(catalogue, { readFile: base.read });
  if (!loaded.catalogue) {
    const first = loaded.findings.find((finding) => finding.severity === 'error');
    throw new Error(
      `the catalogue at the base revision ${base.revision} does not load, so the change cannot be ` +
        `reviewed: ${first?.message ?? 'unknown reason'}`,
    );
  }
  return compileCatalogue(loaded.catalogue, { now }).roles;
}
