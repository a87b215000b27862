import { type LoadOptions, loadCatalogue } from '../catalogue/load.js';
import type { Catalogue } from '../catalogue/model.js';
import { compileCatalogue } from '../compile/compile.js';
import type { DerivedRole } from '../compile/role.js';
import type { Finding } from '../findings/finding.js';
import { type IamData, sharedIamData } from '../policy/iam-data.js';
import { checkBoundaries } from './boundary.js';
import { CatalogueIndex } from './catalogue-index.js';
import { checkCeilings } from './ceiling.js';
import { checkHardCodedCredentials, type ManifestText } from './credentials.js';
import { checkEscalation } from './escalation.js';
import { applyExceptions, type ScopedFinding } from './exceptions.js';
import { checkExpiry, EXPIRY_WARNING_DAYS } from './expiry.js';
import { checkGitHubSubjects } from './github-subjects.js';
import { checkRoleIsolation, checkSharedProviders, checkSharedSubjects } from './isolation.js';
import { lintPolicy } from './lint-policy.js';
import { checkNapkinBudget } from './napkin.js';
import { statementsOf } from './policy-site.js';
import { sortFindings } from './sort-findings.js';

/** Inputs of the checks besides the catalogue. */
export interface CheckOptions {
  /** The clock for expiry (invariant 5); `--now` sets it. */
  now: Date;
  /** Days before expiry that warn. Default {@link EXPIRY_WARNING_DAYS}. */
  expiryWarningDays?: number;
  /** Manifests of the governed apps, scanned for hard-coded credentials. */
  manifests?: readonly ManifestText[];
  /** IAM reference data; defaults to the process-wide instance. */
  iam?: IamData;
}

/** Inputs of {@link validateCatalogue}. */
export interface ValidateOptions extends CheckOptions, LoadOptions {
  /** Catalogue revision written into tags (a git revision), passed to compile. */
  revision?: string;
}

/** What validate found: the catalogue and roles when they could be derived, and every finding. */
export interface ValidateResult {
  catalogue?: Catalogue;
  roles: DerivedRole[];
  /** Sorted by severity, then file, line and column. Suppressed findings stay, marked. */
  findings: Finding[];
}

/**
 * Loads, compiles and checks a catalogue tree: schema and references (loader),
 * IAM limits (compile), then every check of docs/checks.md. Findings are data;
 * nothing is printed.
 */
export async function validateCatalogue(
  file: string,
  options: ValidateOptions,
): Promise<ValidateResult> {
  const loaded = await loadCatalogue(file, options);
  if (!loaded.catalogue) return { roles: [], findings: sortFindings(loaded.findings) };
  const catalogue = loaded.catalogue;
  const compiled = compileCatalogue(catalogue, {
    now: options.now,
    ...(options.revision ? { revision: options.revision } : {}),
  });
  const findings = checkCatalogue(catalogue, compiled.roles, options, [
    ...loaded.findings,
    ...compiled.findings,
  ]);
  return { catalogue, roles: compiled.roles, findings };
}

/**
 * Runs every check on a loaded catalogue and its derived roles, merges `earlier`
 * findings (loader, compile), applies the catalogue's exceptions and sorts.
 */
export function checkCatalogue(
  catalogue: Catalogue,
  roles: readonly DerivedRole[],
  options: CheckOptions,
  earlier: readonly Finding[] = [],
): Finding[] {
  const iam = options.iam ?? sharedIamData();
  const index = new CatalogueIndex(catalogue);
  const findings: Finding[] = [...earlier];
  // A capability's findings may sit in its policy file; its catalogue decides the scope.
  const capabilityFindings: ScopedFinding[] = [];
  for (const current of index.catalogues) {
    const chain = index.chain(current.file);
    for (const capability of current.capabilities.values()) {
      const site = index.capabilitySite(current, capability, { capability: capability.name });
      for (const finding of lintPolicy(site, iam)) {
        capabilityFindings.push({
          finding,
          scope: chain.map((item) => item.file),
          enclosingApps: chain.slice(1).map((item) => item.parent),
        });
      }
    }
  }
  for (const role of roles) {
    const holder = `role ${role.name} (${role.identity} of ${role.app} in ${role.environment})`;
    const subject = {
      app: role.app,
      environment: role.environment,
      identity: role.identity,
      role: role.name,
    };
    findings.push(...checkEscalation(statementsOf(index.roleSites(role)), subject, holder, true));
  }
  findings.push(
    ...checkSharedProviders(catalogue, index),
    ...checkRoleIsolation(roles, index),
    ...checkSharedSubjects(roles, index),
    ...checkGitHubSubjects(roles, index, iam),
    ...checkCeilings(roles, index, iam),
    ...checkExpiry(index, options.now, options.expiryWarningDays),
    ...checkBoundaries(roles, index),
    ...checkNapkinBudget(roles, index),
    ...checkHardCodedCredentials(options.manifests ?? []),
  );

  const scoped = [...capabilityFindings, ...findings.map((finding) => scopeOf(finding, index))];
  return sortFindings(applyExceptions(scoped, index.catalogues));
}

/** The catalogues whose exceptions may silence a finding: the declaring one and those above. */
function scopeOf(finding: Finding, index: CatalogueIndex): ScopedFinding {
  const app = finding.subject?.app;
  const declaring = app
    ? index.catalogues.find((candidate) => candidate.apps.has(app))
    : finding.position
      ? index.catalogue(finding.position.file)
      : undefined;
  const chain = index.chain((declaring ?? index.root).file);
  return {
    finding,
    scope: chain.map((item) => item.file),
    enclosingApps: chain.slice(1).map((item) => item.parent),
  };
}
