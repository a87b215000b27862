import type { Finding, SourcePosition } from '../findings/finding.js';
import { isKnownPlaceholder, placeholdersIn } from '../policy/placeholders.js';
import { parseDuration } from './duration.js';
import {
  DEFAULT_MAX_GRANT_SECONDS,
  DEFAULT_MAX_SESSION_SECONDS,
  IAM_MAX_SESSION_SECONDS,
  IAM_MIN_SESSION_SECONDS,
} from './limits.js';
import type {
  App,
  Environment,
  Exception,
  Identity,
  IdentitySpec,
  Provider,
  ProviderType,
  TemporaryGrant,
} from './model.js';
import { pointerOf } from './model.js';
import { suggest } from './schema.js';

/* Raw shapes as the schema admits them. */
type RawEnvironment = {
  account: string;
  region: string;
  partition?: string;
  boundary: string;
  maxSession?: string;
  maxGrant?: string;
  providers: Record<
    string,
    { type: ProviderType; issuer?: string; cluster?: string; audience?: string }
  >;
};
type RawIdentity = {
  serviceAccount?: string;
  namespace?: string;
  provider?: string;
  github?: {
    repository: string;
    branch?: string;
    tag?: string;
    environment?: string;
    pullRequest?: true;
    immutable?: { ownerId: string; repositoryId: string };
  };
  oidc?: { provider: string; subject: string };
};
export type RawApp = {
  description?: string;
  namespace: string;
  catalogue?: string;
  identities?: Record<string, RawIdentity>;
  grants?: Record<string, Record<string, string[]>>;
  temporary?: Array<Omit<TemporaryGrant, 'pointer'>>;
};
export type RawCatalogue = {
  version: string;
  parent: string;
  rolePath?: string;
  environments?: Record<string, RawEnvironment>;
  capabilities?: Record<string, unknown>;
  apps?: Record<string, RawApp>;
  exceptions?: Array<Omit<Exception, 'pointer'>>;
  review?: unknown;
};

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
/** Issuer of GitHub Actions' OIDC tokens on github.com. */
export const GITHUB_ACTIONS_ISSUER = 'token.actions.githubusercontent.com';

/** Collects reference findings with positions; shared by the resolve steps of one file. */
export class ReferenceChecker {
  readonly findings: Finding[] = [];
  constructor(
    private readonly file: string,
    private readonly positions: Map<string, SourcePosition>,
  ) {}

  /** Position of `pointer` (of its value rather than its key when `value` is set), or of the nearest ancestor. */
  at(pointer: string, value = false): SourcePosition {
    const exact = value ? this.positions.get(`${pointer}#value`) : undefined;
    if (exact) return exact;
    let current = pointer;
    for (;;) {
      const found = this.positions.get(current);
      if (found) return found;
      if (current === '') return { file: this.file, line: 1, column: 1 };
      current = current.slice(0, current.lastIndexOf('/'));
    }
  }

  report(rule: string, pointer: string, message: string, fix: string): void {
    this.findings.push({ rule, severity: 'error', message, fix, position: this.at(pointer) });
  }

  /** Reports `name` missing from `known`, with a did-you-mean; true when it exists. */
  expect(
    kind: string,
    name: string,
    known: Iterable<string>,
    pointer: string,
    context: string,
  ): boolean {
    const names = [...known];
    if (names.includes(name)) return true;
    this.report(
      'catalogue.reference',
      pointer,
      `${context} names the ${kind} "${name}", which does not exist`,
      names.length
        ? `Use one of: ${names.join(', ')}${suggest(name, names)}; or declare "${name}".`
        : `Declare the ${kind} "${name}" first.`,
    );
    return false;
  }
}

/** Builds the environments of a root catalogue, checking IAM's session range. */
export function resolveEnvironments(
  raw: Record<string, RawEnvironment>,
  check: ReferenceChecker,
): Map<string, Environment> {
  const environments = new Map<string, Environment>();
  for (const [name, env] of Object.entries(raw)) {
    const pointer = pointerOf('environments', name);
    const maxSessionSeconds = env.maxSession
      ? parseDuration(env.maxSession)
      : DEFAULT_MAX_SESSION_SECONDS;
    if (
      maxSessionSeconds < IAM_MIN_SESSION_SECONDS ||
      maxSessionSeconds > IAM_MAX_SESSION_SECONDS
    ) {
      check.report(
        'catalogue.session-range',
        `${pointer}/maxSession`,
        `environment "${name}" sets maxSession ${env.maxSession} (${maxSessionSeconds} s); IAM accepts ${IAM_MIN_SESSION_SECONDS}–${IAM_MAX_SESSION_SECONDS} s`,
        'Write a value from 1h to 12h.',
      );
    }
    const providers = new Map<string, Provider>();
    for (const [providerName, provider] of Object.entries(env.providers)) {
      providers.set(providerName, {
        name: providerName,
        type: provider.type,
        issuer:
          provider.type === 'github-actions'
            ? (provider.issuer ?? GITHUB_ACTIONS_ISSUER)
            : provider.issuer,
        cluster: provider.cluster,
        audience: provider.audience,
      });
    }
    environments.set(name, {
      name,
      account: env.account,
      region: env.region,
      partition: env.partition ?? 'aws',
      boundary: env.boundary,
      maxSessionSeconds,
      maxGrantSeconds: env.maxGrant ? parseDuration(env.maxGrant) : DEFAULT_MAX_GRANT_SECONDS,
      providers,
    });
    checkBoundaryAndClusters(name, environments.get(name)!, pointer, check);
    const boundaryAccount = /^arn:[a-z-]+:iam::([0-9]{12}|aws):/.exec(env.boundary)?.[1];
    if (boundaryAccount && boundaryAccount !== 'aws' && boundaryAccount !== env.account) {
      check.report(
        'catalogue.boundary-account',
        `${pointer}/boundary`,
        `environment "${name}" uses a boundary in account ${boundaryAccount}, not its own account ${env.account}`,
        `Point "boundary" at a policy in ${env.account}; IAM attaches boundaries only from the role's own account or AWS managed policies.`,
      );
    }
  }
  return environments;
}

/** A catalogue placeholder aoa-iam does not know, and the JSON pointer of the string holding it. */
export interface UnknownPlaceholder {
  name: string;
  pointer: string;
}

/**
 * Walks a policy as written (before normalisation, so pointers match the
 * source) and returns every unknown catalogue placeholder with where it sits.
 */
export function findUnknownPlaceholders(raw: unknown, pointer: string): UnknownPlaceholder[] {
  const found: UnknownPlaceholder[] = [];
  const visit = (text: string, at: string) => {
    for (const name of placeholdersIn(text)) {
      if (!isKnownPlaceholder(name)) found.push({ name, pointer: at });
    }
    if (WELL_FORMED_VARIABLE_FREE(text).includes('${')) found.push({ name: '', pointer: at });
  };
  const walk = (node: unknown, at: string) => {
    if (typeof node === 'string') visit(node, at);
    else if (Array.isArray(node)) {
      node.forEach((item, index) => {
        walk(item, `${at}/${index}`);
      });
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        const child = `${at}${pointerOf(key)}`;
        visit(key, child);
        walk(value, child);
      }
    }
  };
  walk(raw, pointer);
  return found;
}

/**
 * `text` without its well-formed `${…}` runs: catalogue placeholders, IAM policy
 * variables (`${aws:username}`, with an optional `, 'default'`) and IAM's escapes
 * `${*}`, `${?}`, `${$}`. A `${` left over is malformed (unclosed, empty, `${aws:}`).
 */
function WELL_FORMED_VARIABLE_FREE(text: string): string {
  return text.replace(/\$\{(?:[^}:*?$\s]+|[^}:\s]+:[^}\s,]+(?:,\s*'[^']*')?|\*|\?|\$)\}/g, '');
}

/** The finding for an unknown or malformed placeholder, with the names it could have meant. */
export function unknownPlaceholderFinding(
  capability: string,
  unknown: UnknownPlaceholder,
  position: SourcePosition,
): Finding {
  const known = ['account', 'region', 'partition', 'env', 'app', 'namespace', 'serviceAccount'];
  if (unknown.name === '') {
    return {
      rule: 'catalogue.placeholder',
      severity: 'error',
      message: `capability "${capability}" has a malformed \${…}: unclosed, empty, or an IAM variable without a key`,
      fix: `Close it as \${name} with one of ${known.join(', ')}, or write a full IAM policy variable such as \${aws:username}; a literal "\${" is written \${$}.`,
      position,
    };
  }
  return {
    rule: 'catalogue.placeholder',
    severity: 'error',
    message: `capability "${capability}" uses the unknown placeholder \${${unknown.name}}`,
    fix: `Use one of ${known.map((name) => `\${${name}}`).join(', ')}${suggest(unknown.name, known)}; IAM policy variables keep their colon, e.g. \${aws:username}.`,
    position,
  };
}

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

/** AWS managed policies that allow every action: as a boundary they limit nothing. */
const UNLIMITED_BOUNDARIES = new Set(['AdministratorAccess']);

/**
 * The boundary must be in the environment's partition and actually bound
 * something (invariant 7); a Pod Identity cluster must be in the environment's
 * own account and partition, or the role could never be assumed there.
 */
function checkBoundaryAndClusters(
  name: string,
  environment: Environment,
  pointer: string,
  check: ReferenceChecker,
): void {
  const boundary = /^arn:([a-z-]+):iam::([0-9]{12}|aws):policy\/(.+)$/.exec(environment.boundary);
  if (boundary && boundary[1] !== environment.partition) {
    check.report(
      'catalogue.boundary-partition',
      `${pointer}/boundary`,
      `environment "${name}" is in partition ${environment.partition}, but its boundary is an ${boundary[1]} ARN`,
      `Write the boundary as arn:${environment.partition}:iam::${environment.account}:policy/….`,
    );
  }
  if (boundary && boundary[2] === 'aws' && UNLIMITED_BOUNDARIES.has(boundary[3]!)) {
    check.report(
      'catalogue.boundary-unlimited',
      `${pointer}/boundary`,
      `environment "${name}" uses ${boundary[3]} as its permissions boundary, which allows every action and so limits nothing`,
      'Write a boundary policy that allows only the services your apps use, and deny IAM and Organizations changes in it.',
    );
  }
  for (const provider of environment.providers.values()) {
    if (provider.type !== 'eks-pod-identity' || !provider.cluster) continue;
    const cluster = /^arn:([a-z-]+):eks:[a-z0-9-]+:([0-9]{12}):cluster\//.exec(provider.cluster);
    if (cluster && (cluster[2] !== environment.account || cluster[1] !== environment.partition)) {
      check.report(
        'catalogue.cluster-account',
        `${pointer}/providers/${provider.name}/cluster`,
        `provider "${provider.name}" of environment "${name}" names a cluster in ${cluster[1]} account ${cluster[2]}, not the environment's own ${environment.partition} account ${environment.account}`,
        "Name the EKS cluster of this environment's account; Pod Identity assumes roles in the cluster's own account only.",
      );
    }
  }
}
