import path from 'node:path';
import {
  compileCatalogue,
  formatPosition,
  loadBaseRoles,
  loadCatalogue,
  readBoundedFile,
  renderReviewText,
  reviewAgainst,
} from '@aoa-iam/core';
import type { CommandContext } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE } from '../command.js';
import { credentialMask } from './aws-target.js';

/** Flags of the offline plan. */
export interface OfflinePlanFlags {
  base: string;
  catalogue?: string;
  environment?: string;
  format: 'text' | 'json';
  now: Date;
}

/**
 * `plan --base REV`: the catalogue against itself at a git revision (or a
 * second catalogue file), offline, through the review the checks engine
 * exports. Lists added, removed and changed roles, privilege increases first.
 */
export async function planOffline(
  flags: OfflinePlanFlags,
  context: CommandContext,
): Promise<number> {
  const mask = credentialMask(context.env);
  const given = flags.catalogue ?? 'aoa-iam.yaml';
  const file = path.resolve(context.cwd, given);
  // Loaded by the name the user gave, so findings name it that way (as validate does).
  const head = await loadCatalogue(given, {
    readFile: (name) => readBoundedFile(path.resolve(context.cwd, name)),
  });
  const base = await loadBaseRoles(file, flags.base, { cwd: context.cwd, now: flags.now });
  const problems = [...head.findings, ...base.findings].filter(
    (finding) => finding.severity === 'error' && !finding.suppressed,
  );
  if (!head.catalogue || problems.length > 0) {
    for (const finding of problems) {
      const where = finding.position ? `${formatPosition(finding.position)}: ` : '';
      context.stderr.write(
        mask(`${where}error ${finding.rule}: ${finding.message}\n  fix: ${finding.fix}\n`),
      );
    }
    context.stderr.write(
      `aoa-iam plan: the catalogue or its base (${base.source}) cannot be used.\n`,
    );
    return EXIT_UNUSABLE;
  }

  const inEnvironment = <T extends { environment: string }>(roles: readonly T[]) =>
    flags.environment === undefined
      ? [...roles]
      : roles.filter((role) => role.environment === flags.environment);
  const headRoles = compileCatalogue(head.catalogue, { now: flags.now }).roles;
  const review = reviewAgainst(inEnvironment(base.roles), inEnvironment(headRoles), head.catalogue);
  const text =
    flags.format === 'json'
      ? `${JSON.stringify({ base: base.source, ...review }, null, 2)}\n`
      : `Plan against ${base.source}:\n${renderReviewText(review)}`;
  context.stdout.write(mask(text));
  const changes = review.added.length + review.removed.length + review.changed.length;
  return changes > 0 ? EXIT_FINDINGS : EXIT_OK;
}
