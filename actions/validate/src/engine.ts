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
  parseApprovalRule,
  renderNapkinMermaid,
  reviewAgainst,
  reviewFindings,
  sortFindings,
  undeclaredRuleEnvironments,
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

/** Where and when to evaluate. */
export interface EvaluateOptions {
  now: Date;
  /**
   * The repository checkout: no catalogue or policy file may lie outside it
   * (after symlinks), so a pull request cannot make the action read other files.
   */
  root: string;
}

/**
 * Runs every check on the catalogue and, when `base` is given, reviews the
 * change against the catalogue as it was there. The approval rule is the BASE
 * catalogue's `review:` block, so a pull request cannot loosen the rule it is
 * judged by; only a catalogue the pull request adds is judged by its own rule.
 * All judgement is the engine's; this only wires files and GitHub's evidence to it.
 */
export async function evaluateCatalogue(
  catalogue: string,
  options: EvaluateOptions,
  base: { read: BaseFileReader; revision: string } | undefined,
  evidence: EvidenceSource,
): Promise<EngineOutcome> {
  const { now, root } = options;
  const iam = bundledIamData();
  const head = await validateCatalogue(catalogue, { now, iam, root });
  if (!head.catalogue) return { findings: head.findings, roles: [] };
  const mermaid = renderNapkinMermaid(napkinView(head.catalogue, head.roles, iam));
  const outcome = { roles: head.roles, catalogue: head.catalogue, mermaid };
  if (!base) return { ...outcome, findings: head.findings };

  const atBase = await catalogueAtBase(catalogue, options, base);
  const review = reviewAgainst(atBase?.roles ?? [], head.roles, head.catalogue, iam);
  const judge = atBase?.catalogue ?? head.catalogue;
  const judgeEnvironments = new Set(judge.environments.keys());
  const { rule, problems } = parseApprovalRule(judge.review);
  problems.push(...undeclaredRuleEnvironments(rule, judgeEnvironments));
  const needsEvidence = rule !== undefined && review.increases.length > 0;
  const approval = decideApproval(
    rule,
    review.increases,
    needsEvidence ? await evidence(rule.teams) : { labels: [], approvals: [] },
    judgeEnvironments,
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
 * The catalogue and roles at the base revision; undefined when the catalogue
 * did not exist there (the pull request adds it, so every role is new).
 */
async function catalogueAtBase(
  catalogue: string,
  options: EvaluateOptions,
  base: { read: BaseFileReader; revision: string },
): Promise<{ catalogue: Catalogue; roles: DerivedRole[] } | undefined> {
  try {
    await base.read(catalogue);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  const loaded = await loadCatalogue(catalogue, { readFile: base.read, root: options.root });
  if (!loaded.catalogue) {
    const first = loaded.findings.find((finding) => finding.severity === 'error');
    throw new Error(
      `the catalogue at the base revision ${base.revision} does not load, so the change cannot be ` +
        `reviewed: ${first?.message ?? 'unknown reason'}`,
    );
  }
  const { roles } = compileCatalogue(loaded.catalogue, { now: options.now });
  return { catalogue: loaded.catalogue, roles };
}
