import {
  type Catalogue,
  compileCatalogue,
  type DerivedRole,
  type Finding,
  hasBlockingFindings,
  type LoadOptions,
  loadCatalogue,
} from '@aoa-iam/core';
import type { OwnershipScope } from './live/ownership.js';

/** One environment of a catalogue tree: the account to touch and the roles it should hold. */
export interface EnvironmentTarget {
  environment: string;
  account: string;
  region: string;
  partition: string;
  scope: OwnershipScope;
  /** Derived roles of this environment, sorted by name. */
  roles: DerivedRole[];
}

/** A target, or the findings that stopped it from being made. */
export interface TargetResult {
  target?: EnvironmentTarget;
  findings: Finding[];
}

/**
 * Loads and compiles a catalogue and picks one environment out of it. No
 * target when the catalogue is unusable, has blocking findings, or does not
 * declare the environment.
 */
export async function loadEnvironmentTarget(options: {
  /** As the user gave it: findings and messages name the file this way. */
  catalogueFile: string;
  environment: string;
  now: Date;
  revision?: string;
  /** How files are read (e.g. relative to another folder than the process's); default the disk. */
  readFile?: LoadOptions['readFile'];
  /** Folder no catalogue or policy file may lie outside (the apply action's checkout). */
  root?: LoadOptions['root'];
}): Promise<TargetResult> {
  const loaded = await loadCatalogue(options.catalogueFile, {
    ...(options.readFile ? { readFile: options.readFile } : {}),
    ...(options.root ? { root: options.root } : {}),
  });
  if (!loaded.catalogue) return { findings: loaded.findings };
  const compiled = compileCatalogue(loaded.catalogue, {
    now: options.now,
    revision: options.revision,
  });
  const findings = [...loaded.findings, ...compiled.findings];
  if (hasBlockingFindings(findings)) return { findings };
  const target = environmentTarget(loaded.catalogue, compiled.roles, options.environment);
  if (!target) {
    const known = [...loaded.catalogue.environments.keys()].join(', ');
    findings.push({
      rule: 'aws.unknown-environment',
      severity: 'error',
      message: `environment "${options.environment}" is not declared in ${options.catalogueFile}`,
      fix: `pick one of: ${known}`,
    });
    return { findings };
  }
  return { target, findings };
}

/** The target for `environment` of a loaded catalogue and its compiled roles. */
export function environmentTarget(
  catalogue: Catalogue,
  roles: readonly DerivedRole[],
  environment: string,
): EnvironmentTarget | undefined {
  const declared = catalogue.environments.get(environment);
  if (!declared) return undefined;
  return {
    environment,
    account: declared.account,
    region: declared.region,
    partition: declared.partition,
    scope: { rolePath: catalogue.rolePath, parent: catalogue.parent, environment },
    roles: roles.filter((role) => role.environment === environment),
  };
}
