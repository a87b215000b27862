import type { DerivedRole, Finding } from '@aoa-iam/core';
import { compileCatalogue, loadCatalogue } from '@aoa-iam/core';
import type { BaseFileReader } from './base-catalogue.js';
import { MissingAtBase } from './base-catalogue.js';
import type { IncreaseLine } from './report-markdown.js';

/** What the engine says about the pull request's catalogue. */
export interface EngineOutcome {
  findings: Finding[];
  roles: DerivedRole[];
  /** Set when a base was reviewed. */
  increases?: IncreaseLine[];
}

/**
 * Loads, compiles and checks the catalogue, and when `base` is given, reviews
 * the change against the catalogue as it was there. All judgement is the
 * engine's; this only wires files to it.
 */
export async function evaluateCatalogue(
  catalogue: string,
  now: Date,
  base: { read: BaseFileReader; revision: string } | undefined,
): Promise<EngineOutcome> {
  const loaded = await loadCatalogue(catalogue);
  const findings = [...loaded.findings];
  if (!loaded.catalogue) return { findings, roles: [] };

  const compiled = compileCatalogue(loaded.catalogue, { now });
  findings.push(...compiled.findings);
  if (!base) return { findings, roles: compiled.roles };

  const baseRoles = await rolesAtBase(catalogue, now, base.read);
  return { findings, roles: compiled.roles, increases: roleIncreases(baseRoles, compiled.roles) };
}

async function rolesAtBase(
  catalogue: string,
  now: Date,
  read: BaseFileReader,
): Promise<DerivedRole[]> {
  try {
    await read(catalogue);
  } catch (error) {
    if (error instanceof MissingAtBase) return [];
    throw error;
  }
  const loaded = await loadCatalogue(catalogue, { readFile: read });
  if (!loaded.catalogue) {
    throw new Error(
      `the catalogue at the base revision does not load: ${loaded.findings[0]?.message}`,
    );
  }
  return compileCatalogue(loaded.catalogue, { now }).roles;
}

function roleIncreases(base: DerivedRole[], head: DerivedRole[]): IncreaseLine[] {
  const before = new Set(base.map((role) => role.arn));
  return head
    .filter((role) => !before.has(role.arn))
    .map((role) => ({ role: role.name, change: 'new role', detail: role.trustedSubject.subject }));
}
