import { readdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ApprovalDecision,
  type DerivedRole,
  decideApproval,
  type Finding,
  hasBlockingFindings,
  loadBaseRoles,
  type ManifestText,
  parseApprovalRule,
  type ReviewResult,
  readBoundedFile,
  renderFindingsJson,
  renderFindingsText,
  renderReviewText,
  renderSarif,
  reviewAgainst,
  reviewFindings,
  sortFindings,
  summarise,
  summaryLine,
  undeclaredRuleEnvironments,
  validateCatalogue,
} from '@aoa-iam/core';
import type { Command, CommandContext } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, UsageError } from '../command.js';

/** Catalogue file read when none is named. */
const DEFAULT_CATALOGUE = 'aoa-iam.yaml';
/** Manifests larger than this are not scanned for credentials (a rendered chart is far smaller). */
const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** Parses `--now`, refusing anything `Date` reads as invalid. */
export function parseNow(value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    throw new UsageError(
      `--now must be an ISO 8601 instant such as 2026-12-04T12:00:00Z, not "${value}"`,
    );
  }
  return parsed;
}

async function collectManifests(
  directories: readonly string[],
  cwd: string,
): Promise<ManifestText[]> {
  const manifests: ManifestText[] = [];
  const walk = async (directory: string): Promise<void> => {
    const entries = await readdir(path.resolve(cwd, directory), { withFileTypes: true }).catch(
      (error: unknown) => {
        throw new UsageError(`--manifests ${directory}: ${(error as Error).message}`);
      },
    );
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
        await walk(file);
      } else if (entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name))) {
        const info = await stat(path.resolve(cwd, file));
        if (info.size > MANIFEST_MAX_BYTES) continue;
        manifests.push({
          file,
          text: new TextDecoder().decode(await readBoundedFile(path.resolve(cwd, file))),
        });
      }
    }
  };
  for (const directory of directories) await walk(directory);
  return manifests;
}

function toolVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

interface ReviewOutcome {
  review: ReviewResult;
  approval: ApprovalDecision;
  findings: Finding[];
  source: string;
}

async function runReview(
  file: string,
  base: string,
  head: Awaited<ReturnType<typeof validateCatalogue>>,
  evidence: { labels: string[]; teams: string[] },
  context: CommandContext,
  now: Date,
): Promise<ReviewOutcome | undefined> {
  const baseRoles = await loadBaseRoles(file, base, { cwd: context.cwd, now });
  if (!baseRoles.catalogue) {
    context.stderr.write(
      `aoa-iam validate: the base catalogue (${baseRoles.source}) is not usable:\n${renderFindingsText(baseRoles.findings)}`,
    );
    return undefined;
  }
  const review = reviewAgainst(baseRoles.roles, head.roles, head.catalogue!);
  // The rule that judges a change comes from the base: a pull request must not
  // loosen or remove the approval it is itself judged by.
  const baseEnvironments = new Set(baseRoles.catalogue.environments.keys());
  const parsed = parseApprovalRule(baseRoles.catalogue.review);
  const { rule } = parsed;
  const problems = [...parsed.problems, ...undeclaredRuleEnvironments(rule, baseEnvironments)];
  const approval = decideApproval(
    rule,
    review.increases,
    {
      labels: evidence.labels,
      approvals: evidence.teams.map((team) => ({ user: 'a reviewer', teams: [team] })),
    },
    baseEnvironments,
  );
  return {
    review,
    approval,
    findings: reviewFindings(review, approval, file, problems),
    source: baseRoles.source,
  };
}

/** `aoa-iam validate`: every check of docs/checks.md, and a review against a base revision. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check the catalogue: schema, least privilege, invariants 1, 2, 5, 7; review a change',
  usage: `Usage: aoa-iam validate [catalogue] [options]

Loads the catalogue (default ${DEFAULT_CATALOGUE}) and every nested catalogue, derives
the roles and runs every check (docs/checks.md). With --base, also lists every
privilege increase against the base revision, increases first.

Options:
  --format text|json|sarif   output format (default text)
  --now ISO                  the clock expiry is judged against (default: now)
  --expiry-warning-days N    warn about temporary grants ending within N days (default 7)
  --base REV                 a git revision (read with git show REV:path) or a
                             second catalogue file to review the change against
  --label NAME               a label the pull request carries (repeatable); used
                             by the catalogue's review.increases approval rule
  --approved-by-team TEAM    a listed team has approved the pull request (repeatable)
  --manifests DIR            scan the governed apps' manifests in DIR for
                             hard-coded AWS credentials (repeatable)
  --output FILE              write the report to FILE instead of stdout

Exit codes: 0 no errors, 1 errors (or a missing approval), 2 unusable input.
`,
  async run(context) {
    const { values, positionals } = parseArgs({
      args: context.argv,
      options: {
        format: { type: 'string' },
        now: { type: 'string' },
        'expiry-warning-days': { type: 'string' },
        base: { type: 'string' },
        label: { type: 'string', multiple: true },
        'approved-by-team': { type: 'string', multiple: true },
        manifests: { type: 'string', multiple: true },
        output: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1) {
      throw new UsageError(
        `expected one catalogue file, got ${positionals.length}: ${positionals.join(' ')}`,
      );
    }
    const format = (values.format ?? 'text') as Format;
    if (!FORMATS.includes(format)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}"`);
    }
    const file = positionals[0] ?? DEFAULT_CATALOGUE;
    const now = parseNow(values.now, context.now);
    const manifests = await collectManifests(values.manifests ?? [], context.cwd);
    const warningDays = values['expiry-warning-days'];
    if (warningDays !== undefined && !/^\d+$/.test(warningDays)) {
      throw new UsageError(
        `--expiry-warning-days must be a whole number of days, not "${warningDays}"`,
      );
    }

    const result = await validateCatalogue(file, {
      now,
      manifests,
      ...(warningDays !== undefined ? { expiryWarningDays: Number(warningDays) } : {}),
      readFile: (target) => readBoundedFile(path.resolve(context.cwd, target)),
    });
    let findings = result.findings;
    let outcome: ReviewOutcome | undefined;
    if (values.base !== undefined && result.catalogue) {
      outcome = await runReview(
        file,
        values.base,
        result,
        { labels: values.label ?? [], teams: values['approved-by-team'] ?? [] },
        context,
        now,
      );
      if (!outcome) return EXIT_UNUSABLE;
      findings = sortFindings([...outcome.findings, ...findings]);
    }

    const report = render(format, findings, outcome, file, context.cwd, result.roles);
    if (values.output) {
      await writeReport(values.output, path.resolve(context.cwd, values.output), report);
      context.stderr.write(
        `aoa-iam validate: ${summaryLine(summarise(findings))}; report written to ${values.output}\n`,
      );
    } else {
      context.stdout.write(report);
    }
    if (!result.catalogue) return EXIT_UNUSABLE;
    return hasBlockingFindings(findings) ? EXIT_FINDINGS : EXIT_OK;
  },
};

/**
 * Writes the --output report, or fails with what went wrong and the fix in
 * words instead of Node's bare `ENOENT: no such file or directory, open …`.
 */
async function writeReport(given: string, file: string, report: string): Promise<void> {
  try {
    await writeFile(file, report);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `the folder ${path.dirname(given)} does not exist`
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? 'no permission to write there'
            : (error as Error).message;
    throw new Error(
      `cannot write the report to ${given}: ${reason}; give --output a file in an existing, writable folder`,
    );
  }
}

/** What the JSON report says about each derived role: enough to audit invariants 1, 5 and 7. */
function roleSummary(role: DerivedRole) {
  return {
    name: role.name,
    arn: role.arn,
    app: role.app,
    environment: role.environment,
    identity: role.identity,
    account: role.account,
    parents: role.parents,
    trustedSubject: role.trustedSubject,
    boundary: role.boundary,
    maxSessionSeconds: role.maxSessionSeconds,
    inlinePolicies: role.inlinePolicies.map((inline) => inline.name),
    ...(role.expires ? { expires: role.expires } : {}),
  };
}

function render(
  format: Format,
  findings: readonly Finding[],
  outcome: ReviewOutcome | undefined,
  file: string,
  cwd: string,
  roles: readonly DerivedRole[],
): string {
  if (format === 'json') {
    return renderFindingsJson(findings, {
      roles: roles.map(roleSummary),
      ...(outcome
        ? { review: { base: outcome.source, ...outcome.review, approval: outcome.approval } }
        : {}),
    });
  }
  if (format === 'sarif') {
    return renderSarif(findings, {
      toolVersion: toolVersion(),
      baseDirectory: cwd,
      fallbackFile: file,
    });
  }
  if (!outcome) return renderFindingsText(findings);
  // The review above lists each increase; the findings below need not repeat them.
  const rest = renderFindingsText(findings, { omitRules: ['review.privilege-increase'] });
  return `Review against ${outcome.source}:\n${renderReviewText(outcome.review, outcome.approval)}\n${rest}`;
}
