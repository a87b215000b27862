import type { DerivedRole } from '../compile/role.js';
import type { Finding } from '../findings/finding.js';
import { splitAction } from '../policy/action-pattern.js';
import type { CatalogueIndex } from './catalogue-index.js';
import { makeFinding } from './finding-builder.js';

/** Most statements a role may hold before it is "hard to explain". */
export const NAPKIN_MAX_STATEMENTS = 25;
/** Most capabilities one identity may hold in one environment. */
export const NAPKIN_MAX_CAPABILITIES = 8;
/** Most AWS services one role may touch. */
export const NAPKIN_MAX_SERVICES = 8;

/** Services a role's Allow statements reach; `*` stands for "every service". */
export function servicesOf(role: DerivedRole): Set<string> {
  const services = new Set<string>();
  for (const inline of role.inlinePolicies) {
    for (const statement of inline.document.Statement) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotAction) services.add('*');
      for (const action of statement.Action ?? []) services.add(splitAction(action).service);
    }
  }
  return services;
}

/** If it is hard to explain, it is too complicated: statements, capabilities and services per role. */
export function checkNapkinBudget(roles: readonly DerivedRole[], index: CatalogueIndex): Finding[] {
  const findings: Finding[] = [];
  for (const role of roles) {
    const statements = role.inlinePolicies.reduce(
      (sum, inline) => sum + inline.document.Statement.length,
      0,
    );
    const capabilities = new Set(role.inlinePolicies.map((inline) => inline.capability)).size;
    const services = servicesOf(role).size;
    const over: string[] = [];
    if (statements > NAPKIN_MAX_STATEMENTS) {
      over.push(`${statements} statements (budget ${NAPKIN_MAX_STATEMENTS})`);
    }
    if (capabilities > NAPKIN_MAX_CAPABILITIES) {
      over.push(`${capabilities} capabilities (budget ${NAPKIN_MAX_CAPABILITIES})`);
    }
    if (services > NAPKIN_MAX_SERVICES) {
      over.push(`${services} AWS services (budget ${NAPKIN_MAX_SERVICES})`);
    }
    if (over.length === 0) continue;
    findings.push(
      makeFinding('napkin.budget', {
        message: `role ${role.name} (${role.identity} of ${role.app} in ${role.environment}) is hard to explain: ${over.join(', ')}.`,
        fix: 'Split the work across identities, or merge capabilities into fewer functional outcomes.',
        position: index.grantPosition(role),
        subject: {
          app: role.app,
          environment: role.environment,
          identity: role.identity,
          role: role.name,
        },
      }),
    );
  }
  return findings;
}
