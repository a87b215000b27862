import type { App, Catalogue, Environment, Identity } from '../catalogue/model.js';
import { positionOf } from '../catalogue/model.js';
import type { Finding } from '../findings/finding.js';
import type { PlaceholderValues } from '../policy/placeholders.js';
import { checkRoleLimits } from './check-limits.js';
import { permissionPolicy } from './permissions.js';
import type { DerivedRole, InlinePolicy } from './role.js';
import {
  MANAGED_BY_VALUE,
  TAG_APP,
  TAG_ENVIRONMENT,
  TAG_EXPIRES,
  TAG_IDENTITY,
  TAG_MANAGED_BY,
  TAG_PARENT,
  TAG_REVISION,
} from './role.js';
import { deriveRoleName, roleArn } from './role-name.js';
import { trustedSubject, trustPolicy } from './trust.js';

/** Inputs of compile besides the catalogue. */
export interface CompileOptions {
  /** The clock: temporary grants that expired before it are left out (invariant 5). */
  now: Date;
  /** Written to each role's revision tag; defaults to a digest of the root catalogue file. */
  revision?: string;
}

/** Every derived role of a catalogue tree, and what stood in the way of deriving it right. */
export interface CompileResult {
  /** Sorted by environment, then name. */
  roles: DerivedRole[];
  findings: Finding[];
}

/** Length of the catalogue digest used as the revision when no git revision is given. */
const DIGEST_REVISION_LENGTH = 12;

/**
 * Derives one IAM role per (app, environment, identity) that holds
 * capabilities, across the root catalogue and every nested one. Expired
 * temporary grants are not derived; validate and audit report them.
 */
export function compileCatalogue(catalogue: Catalogue, options: CompileOptions): CompileResult {
  const revision = options.revision ?? catalogue.digest.slice(0, DIGEST_REVISION_LENGTH);
  const roles: DerivedRole[] = [];
  const findings: Finding[] = [];
  for (const current of catalogueTree(catalogue)) {
    for (const app of current.apps.values()) {
      for (const environment of current.environments.values()) {
        for (const identity of app.identities.values()) {
          const role = deriveRole(current, catalogue.parent, app, environment, identity, {
            now: options.now,
            revision,
            findings,
          });
          if (role) roles.push(role);
        }
      }
    }
  }
  findings.push(...checkNameCollisions(roles, catalogue));
  roles.sort((a, b) => a.environment.localeCompare(b.environment) || a.name.localeCompare(b.name));
  return { roles, findings };
}

/** The root catalogue and every nested one below it, parents before children. */
export function catalogueTree(root: Catalogue): Catalogue[] {
  const tree: Catalogue[] = [root];
  for (const app of root.apps.values()) {
    if (app.nested) tree.push(...catalogueTree(app.nested));
  }
  return tree;
}

interface DeriveContext {
  now: Date;
  revision: string;
  findings: Finding[];
}

function deriveRole(
  catalogue: Catalogue,
  rootParent: string,
  app: App,
  environment: Environment,
  identity: Identity,
  context: DeriveContext,
): DerivedRole | undefined {
  const permanent = app.grants.get(environment.name)?.get(identity.name) ?? [];
  const temporary = app.temporary.filter(
    (grant) =>
      grant.environment === environment.name &&
      grant.identity === identity.name &&
      Date.parse(grant.expires) > context.now.getTime(),
  );
  if (permanent.length === 0 && temporary.length === 0) return undefined;

  const provider = environment.providers.get(identity.spec.provider);
  if (!provider) return undefined; // Reported by the loader's reference checks.
  const subject = trustedSubject(identity, environment, provider);
  const namespace =
    identity.spec.kind === 'serviceAccount' ? identity.spec.namespace : app.namespace;
  const values: PlaceholderValues = {
    account: environment.account,
    region: environment.region,
    partition: environment.partition,
    env: environment.name,
    app: app.name,
    namespace,
    serviceAccount:
      identity.spec.kind === 'serviceAccount' ? identity.spec.serviceAccount : undefined,
  };

  const inlinePolicies: InlinePolicy[] = [];
  const addPolicy = (capabilityName: string, grant?: { expires: string; reason: string }) => {
    const capability = catalogue.capabilities.get(capabilityName);
    if (!capability) return; // Reported by the loader's reference checks.
    const { document, missing } = permissionPolicy(capability, values, grant?.expires);
    for (const name of missing) {
      context.findings.push({
        rule: 'catalogue.placeholder',
        severity: 'error',
        message: `capability "${capabilityName}" uses \${${name}}, which has no value for identity "${identity.name}" of app "${app.name}" (a ${identity.spec.kind} identity)`,
        fix: `Grant "${capabilityName}" only to service-account identities, or write the value out in the policy.`,
        position: positionOf(catalogue, `/apps/${app.name}/identities/${identity.name}`),
        subject: {
          app: app.name,
          environment: environment.name,
          identity: identity.name,
          capability: capabilityName,
        },
      });
    }
    inlinePolicies.push({
      name: `${grant ? 'temp' : 'cap'}-${capabilityName}`,
      capability: capabilityName,
      document,
      ...(grant ? { temporary: { expires: grant.expires, reason: grant.reason } } : {}),
    });
  };
  for (const capabilityName of permanent) addPolicy(capabilityName);
  for (const grant of temporary) {
    for (const capabilityName of grant.capabilities) addPolicy(capabilityName, grant);
  }
  inlinePolicies.sort(
    (a, b) =>
      Number(Boolean(a.temporary)) - Number(Boolean(b.temporary)) || a.name.localeCompare(b.name),
  );
  const uniquePolicies = inlinePolicies.filter(
    (policy, index) => inlinePolicies.findIndex((other) => other.name === policy.name) === index,
  );

  // A role that exists only for temporary grants ends with the last of them.
  const expires =
    permanent.length === 0
      ? temporary
          .map((grant) => grant.expires)
          .sort()
          .at(-1)
      : undefined;
  const name = deriveRoleName(app.name, environment.name, identity.name);
  const parents = [...catalogue.ancestors, catalogue.parent];
  const tags: Record<string, string> = {
    [TAG_APP]: app.name,
    [TAG_ENVIRONMENT]: environment.name,
    [TAG_IDENTITY]: identity.name,
    [TAG_MANAGED_BY]: MANAGED_BY_VALUE,
    [TAG_PARENT]: rootParent,
    [TAG_REVISION]: context.revision,
    ...(expires ? { [TAG_EXPIRES]: expires } : {}),
  };
  const role: DerivedRole = {
    name,
    path: catalogue.rolePath,
    arn: roleArn(environment.partition, environment.account, catalogue.rolePath, name),
    app: app.name,
    environment: environment.name,
    identity: identity.name,
    identitySpec: identity.spec,
    namespace,
    account: environment.account,
    partition: environment.partition,
    region: environment.region,
    catalogueFile: catalogue.file,
    parents,
    trustedSubject: subject,
    trustPolicy: trustPolicy(subject, environment),
    inlinePolicies: uniquePolicies,
    boundary: environment.boundary,
    maxSessionSeconds: environment.maxSessionSeconds,
    description: `aoa-iam: ${identity.name} of ${app.name} in ${environment.name} (parent ${parents.join(' > ')})`,
    tags: Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b))),
    ...(expires ? { expires } : {}),
  };
  context.findings.push(...checkRoleLimits(role, catalogue));
  return role;
}

function checkNameCollisions(roles: readonly DerivedRole[], root: Catalogue): Finding[] {
  const byArn = new Map<string, DerivedRole>();
  const findings: Finding[] = [];
  for (const role of roles) {
    const earlier = byArn.get(role.arn.toLowerCase());
    if (earlier) {
      findings.push({
        rule: 'naming.collision',
        severity: 'error',
        message: `roles of ${earlier.app}/${earlier.identity} and ${role.app}/${role.identity} in ${role.environment} both derive the name ${role.name}`,
        fix: 'Rename one of the apps or identities; IAM role names are unique per account, ignoring case.',
        position: positionOf(root, `/apps/${role.app}`),
        subject: { app: role.app, environment: role.environment, role: role.name },
      });
    }
    byArn.set(role.arn.toLowerCase(), role);
  }
  return findings;
}
