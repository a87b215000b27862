import type { Catalogue } from '../catalogue/model.js';
import { CatalogueIndex } from '../checks/catalogue-index.js';
import type { DerivedRole } from '../compile/role.js';
import { highestAccessLevel } from '../policy/access-level.js';
import { type AccessLevel, type IamData, sharedIamData } from '../policy/iam-data.js';

/** One capability as the napkin view shows it. */
export interface NapkinCapability {
  name: string;
  description?: string;
  /** Highest AWS access level it grants; undefined when it names no known action. */
  accessLevel?: AccessLevel;
  /** Set for a temporary grant. */
  until?: string;
  reason?: string;
}

/** One identity of one app in one environment: who, how it proves it, and what it can do. */
export interface NapkinEntry {
  parents: string[];
  app: string;
  environment: string;
  identity: string;
  /** The identity in words: `service account payments/payments-api`, `GitHub example-org/x, environment production`. */
  who: string;
  role: string;
  capabilities: NapkinCapability[];
}

/** The napkin view of a catalogue tree: every role in words, by environment. */
export interface NapkinView {
  parent: string;
  environments: string[];
  entries: NapkinEntry[];
}

function describeIdentity(role: DerivedRole): string {
  const spec = role.identitySpec;
  switch (spec.kind) {
    case 'serviceAccount':
      return `service account ${spec.namespace}/${spec.serviceAccount} (${role.trustedSubject.mechanism})`;
    case 'github': {
      const selector =
        spec.branch !== undefined
          ? `branch ${spec.branch}`
          : spec.tag !== undefined
            ? `tag ${spec.tag}`
            : spec.pullRequest
              ? 'pull requests'
              : `environment ${role.trustedSubject.subject.split(':environment:')[1] ?? spec.environment}`;
      return `GitHub Actions in ${spec.repository}, ${selector}`;
    }
    case 'oidc':
      return `OIDC subject ${spec.subject} of ${spec.provider}`;
  }
}

/** Builds the napkin view from the derived roles: what each identity can do, where, until when. */
export function napkinView(
  catalogue: Catalogue,
  roles: readonly DerivedRole[],
  iam: IamData = sharedIamData(),
): NapkinView {
  const index = new CatalogueIndex(catalogue);
  const levels = new Map<string, AccessLevel | undefined>();
  const levelOf = (file: string, name: string): AccessLevel | undefined => {
    const key = `${file}\n${name}`;
    if (!levels.has(key)) {
      const capability = index.catalogue(file)?.capabilities.get(name);
      levels.set(key, capability ? highestAccessLevel([capability.policy], iam) : undefined);
    }
    return levels.get(key);
  };
  const entries = roles.map(
    (role): NapkinEntry => ({
      parents: role.parents,
      app: role.app,
      environment: role.environment,
      identity: role.identity,
      who: describeIdentity(role),
      role: role.name,
      capabilities: role.inlinePolicies.map((inline) => {
        const capability = index.catalogue(role.catalogueFile)?.capabilities.get(inline.capability);
        const level = levelOf(role.catalogueFile, inline.capability);
        return {
          name: inline.capability,
          ...(capability?.description ? { description: capability.description } : {}),
          ...(level ? { accessLevel: level } : {}),
          ...(inline.temporary
            ? { until: inline.temporary.expires, reason: inline.temporary.reason }
            : {}),
        };
      }),
    }),
  );
  return { parent: catalogue.parent, environments: [...catalogue.environments.keys()], entries };
}

function capabilityWords(capability: NapkinCapability): string {
  const level = capability.accessLevel ? ` (${capability.accessLevel})` : '';
  return `${capability.name}${level}`;
}

/** The napkin view as short plain sentences, one paragraph per environment. */
export function renderNapkinText(view: NapkinView): string {
  const lines: string[] = [`Catalogue of ${view.parent}.`];
  for (const environment of view.environments) {
    const entries = view.entries.filter((entry) => entry.environment === environment);
    lines.push('', `In ${environment}:`);
    if (entries.length === 0) lines.push('  Nobody holds anything.');
    for (const entry of entries) {
      const permanent = entry.capabilities.filter((capability) => !capability.until);
      const temporary = entry.capabilities.filter((capability) => capability.until);
      const under =
        entry.parents.length > 1 ? ` (under ${entry.parents.slice(1).join(' > ')})` : '';
      const can = permanent.length
        ? `can ${permanent.map(capabilityWords).join(', ')}`
        : 'holds nothing permanently';
      lines.push(`  ${entry.app}${under}: ${entry.identity}, ${entry.who}, ${can}.`);
      for (const capability of temporary) {
        lines.push(
          `    Until ${capability.until} also ${capabilityWords(capability)}: ${capability.reason}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
