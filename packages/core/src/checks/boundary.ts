import type { DerivedRole } from '../compile/role.js';
import type { Finding } from '../findings/finding.js';
import type { CatalogueIndex } from './catalogue-index.js';
import { makeFinding } from './finding-builder.js';

/** Invariant 7: every role carries exactly its environment's permissions boundary. */
export function checkBoundaries(roles: readonly DerivedRole[], index: CatalogueIndex): Finding[] {
  const findings: Finding[] = [];
  for (const role of roles) {
    const environment = index.catalogue(role.catalogueFile)?.environments.get(role.environment);
    const subject = { app: role.app, environment: role.environment, role: role.name };
    const position = index.position(index.root.file, `/environments/${role.environment}/boundary`);
    if (!role.boundary) {
      findings.push(
        makeFinding('boundary.missing', {
          message: `role ${role.name} (${role.app} in ${role.environment}) has no permissions boundary.`,
          fix: `Set "boundary:" on environment "${role.environment}" to the ARN of its boundary policy.`,
          position,
          subject,
        }),
      );
    } else if (environment && role.boundary !== environment.boundary) {
      findings.push(
        makeFinding('boundary.mismatch', {
          message: `role ${role.name} carries boundary ${role.boundary}, but environment "${role.environment}" requires ${environment.boundary}.`,
          fix: 'Derive the role again from the catalogue; never set a boundary by hand.',
          position,
          subject,
        }),
      );
    }
  }
  return findings;
}
