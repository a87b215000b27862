import type {
  App,
  Environment,
  Exception,
  Identity,
  IdentitySpec,
  ProviderType,
  TemporaryGrant,
} from './model.js';
import { pointerOf } from './model.js';
import type { RawApp, RawCatalogue, RawIdentity } from './raw-catalogue.js';
import type { ReferenceChecker } from './reference-checker.js';

/** Provider types an identity kind may use. */
const PROVIDER_TYPES_FOR: Record<IdentitySpec['kind'], readonly ProviderType[]> = {
  serviceAccount: ['eks-irsa', 'eks-pod-identity'],
  github: ['github-actions'],
  oidc: ['oidc'],
};
const DEFAULT_PROVIDER: Record<IdentitySpec['kind'], string | undefined> = {
  serviceAccount: 'eks',
  github: 'github',
  oidc: undefined,
};

/** Builds one app and checks every name it references against the catalogue. */
export function resolveApp(
  name: string,
  raw: RawApp,
  environments: Map<string, Environment>,
  capabilities: ReadonlySet<string>,
  check: ReferenceChecker,
): App {
  const pointer = pointerOf('apps', name);
  const identities = new Map<string, Identity>();
  for (const [identityName, rawIdentity] of Object.entries(raw.identities ?? {})) {
    identities.set(identityName, {
      name: identityName,
      spec: identitySpec(rawIdentity, raw.namespace),
    });
    checkExactSubject(
      identityName,
      rawIdentity,
      `${pointer}/identities/${identityName}`,
      name,
      check,
    );
  }

  const grants = new Map<string, Map<string, string[]>>();
  for (const [envName, byIdentity] of Object.entries(raw.grants ?? {})) {
    const envPointer = `${pointer}/grants/${envName}`;
    if (!check.expect('environment', envName, environments.keys(), envPointer, `app "${name}"`))
      continue;
    const perIdentity = new Map<string, string[]>();
    for (const [identityName, capabilityNames] of Object.entries(byIdentity)) {
      const identityPointer = `${envPointer}/${identityName}`;
      if (
        !check.expect(
          'identity',
          identityName,
          identities.keys(),
          identityPointer,
          `app "${name}" in ${envName}`,
        )
      ) {
        continue;
      }
      capabilityNames.forEach((capability, index) => {
        check.expect(
          'capability',
          capability,
          capabilities,
          `${identityPointer}/${index}`,
          `app "${name}"`,
        );
      });
      checkProvider(
        identities.get(identityName)!,
        environments.get(envName)!,
        identityPointer,
        name,
        check,
      );
      perIdentity.set(identityName, [...new Set(capabilityNames)]);
    }
    grants.set(envName, perIdentity);
  }

  const temporary = (raw.temporary ?? []).map((grant, index): TemporaryGrant => {
    const grantPointer = `${pointer}/temporary/${index}`;
    const context = `temporary grant ${index + 1} of app "${name}"`;
    const envOk = check.expect(
      'environment',
      grant.environment,
      environments.keys(),
      `${grantPointer}/environment`,
      context,
    );
    const identityOk = check.expect(
      'identity',
      grant.identity,
      identities.keys(),
      `${grantPointer}/identity`,
      context,
    );
    grant.capabilities.forEach((capability, capabilityIndex) => {
      check.expect(
        'capability',
        capability,
        capabilities,
        `${grantPointer}/capabilities/${capabilityIndex}`,
        context,
      );
    });
    if (envOk && identityOk) {
      checkProvider(
        identities.get(grant.identity)!,
        environments.get(grant.environment)!,
        grantPointer,
        name,
        check,
      );
    }
    if (!isRealInstant(grant.expires)) {
      check.report(
        'catalogue.schema',
        `${grantPointer}/expires`,
        `${context} expires at "${grant.expires}", which is not a real date`,
        'Write a real UTC instant, e.g. 2026-12-31T18:00:00Z.',
      );
    }
    return { ...grant, capabilities: [...new Set(grant.capabilities)], pointer: grantPointer };
  });

  return {
    name,
    description: raw.description,
    namespace: raw.namespace,
    identities,
    grants,
    temporary,
    nestedPath: raw.catalogue,
  };
}

function identitySpec(raw: RawIdentity, appNamespace: string): IdentitySpec {
  if (raw.github) {
    return { kind: 'github', ...raw.github, provider: raw.provider ?? DEFAULT_PROVIDER.github! };
  }
  if (raw.oidc) return { kind: 'oidc', subject: raw.oidc.subject, provider: raw.oidc.provider };
  return {
    kind: 'serviceAccount',
    serviceAccount: raw.serviceAccount!,
    namespace: raw.namespace ?? appNamespace,
    provider: raw.provider ?? DEFAULT_PROVIDER.serviceAccount!,
  };
}

/** The identity's provider must exist in that environment and be of a fitting type. */
function checkProvider(
  identity: Identity,
  environment: Environment,
  pointer: string,
  app: string,
  check: ReferenceChecker,
): void {
  const { kind, provider: providerName } = identity.spec;
  const provider = environment.providers.get(providerName);
  const fitting = [...environment.providers.values()]
    .filter((candidate) => PROVIDER_TYPES_FOR[kind].includes(candidate.type))
    .map((candidate) => candidate.name);
  if (!provider) {
    check.report(
      'catalogue.reference',
      pointer,
      `identity "${identity.name}" of app "${app}" uses provider "${providerName}", which environment "${environment.name}" does not declare`,
      fitting.length
        ? `Set "provider: ${fitting[0]}" on the identity (fitting providers in ${environment.name}: ${fitting.join(', ')}).`
        : `Declare a ${PROVIDER_TYPES_FOR[kind].join(' or ')} provider named "${providerName}" in environment "${environment.name}".`,
    );
    return;
  }
  if (!PROVIDER_TYPES_FOR[kind].includes(provider.type)) {
    check.report(
      'catalogue.reference',
      pointer,
      `identity "${identity.name}" of app "${app}" is a ${kind} identity, but provider "${providerName}" in "${environment.name}" is of type ${provider.type}`,
      `Use a provider of type ${PROVIDER_TYPES_FOR[kind].join(' or ')}${fitting.length ? ` (in ${environment.name}: ${fitting.join(', ')})` : ''}.`,
    );
  }
}

/** Characters that would make IAM read a subject as more than one identity. */
const INEXACT_SUBJECT = /\$\{|[*?]/;

/**
 * Invariant 1 wants exact subjects. In a `StringEquals` trust condition IAM still
 * expands policy variables (`${issuer:sub}` compares the token with itself), so
 * a subject holding `${…}`, `*` or `?` is refused where it is written. A GitHub
 * environment may say `${env}`, which compile replaces first.
 */
function checkExactSubject(
  identity: string,
  raw: RawIdentity,
  pointer: string,
  app: string,
  check: ReferenceChecker,
): void {
  const parts: Array<[string, string | undefined]> = raw.github
    ? [
        ['github/branch', raw.github.branch],
        ['github/tag', raw.github.tag],
        ['github/environment', raw.github.environment?.replaceAll('${env}', '')],
      ]
    : [['oidc/subject', raw.oidc?.subject]];
  for (const [field, value] of parts) {
    if (value === undefined || !INEXACT_SUBJECT.test(value)) continue;
    check.report(
      'catalogue.identity-subject',
      `${pointer}/${field}`,
      `identity "${identity}" of app "${app}" has ${field.replace('/', ' ')} "${value}", which is not one exact subject: IAM expands \${…} policy variables and wildcards in trust conditions`,
      'Write the exact branch, tag, environment or subject; declare one identity per subject you trust.',
    );
  }
}

/**
 * True when a schema-shaped UTC instant names a moment that exists: `Date.parse`
 * rolls 2027-02-29 over to 1 March and takes 24:00, so the fields are checked
 * against the date they produce.
 */
export function isRealInstant(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second = 0] = match.slice(1).map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

/** Builds the exception list; unknown names in a selector are reference errors. */
export function resolveExceptions(
  raw: RawCatalogue['exceptions'],
  apps: ReadonlyMap<string, App>,
  environments: ReadonlyMap<string, Environment>,
  capabilities: ReadonlySet<string>,
  check: ReferenceChecker,
): Exception[] {
  return (raw ?? []).map((exception, index) => {
    const pointer = pointerOf('exceptions', index);
    if (exception.app)
      check.expect('app', exception.app, apps.keys(), `${pointer}/app`, `exception ${index + 1}`);
    if (exception.environment) {
      check.expect(
        'environment',
        exception.environment,
        environments.keys(),
        `${pointer}/environment`,
        `exception ${index + 1}`,
      );
    }
    if (exception.capability) {
      check.expect(
        'capability',
        exception.capability,
        capabilities,
        `${pointer}/capability`,
        `exception ${index + 1}`,
      );
    }
    return { ...exception, pointer };
  });
}
