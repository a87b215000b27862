import type { Catalogue, Environment } from '../catalogue/model.js';
import type { DerivedRole } from '../compile/role.js';
import type { Finding, FindingSubject } from '../findings/finding.js';
import { parseArn } from '../policy/arn.js';
import type { PolicyStatement } from '../policy/document.js';
import type { CatalogueIndex } from './catalogue-index.js';
import { makeFinding } from './finding-builder.js';
import type { PolicySite } from './policy-site.js';
import { checkTrustConditions } from './trust-conditions.js';

/** Service principal of EKS Pod Identity. */
const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/** What identifies an environment in a trust policy: its account, issuers and clusters. */
interface EnvironmentMarks {
  name: string;
  account: string;
  issuers: Set<string>;
  clusters: Set<string>;
}

function marksOf(environment: Environment): EnvironmentMarks {
  const issuers = new Set<string>();
  const clusters = new Set<string>();
  for (const provider of environment.providers.values()) {
    if (provider.issuer) issuers.add(provider.issuer);
    if (provider.type === 'eks-pod-identity' && provider.cluster) clusters.add(provider.cluster);
  }
  return { name: environment.name, account: environment.account, issuers, clusters };
}

/**
 * Invariant 1, on the catalogue: no two environments share an account, an
 * EKS/OIDC issuer or a Pod Identity cluster, since a token of one would then be
 * accepted by the other. GitHub's issuer is shared by design; its subjects differ.
 */
export function checkSharedProviders(root: Catalogue, index: CatalogueIndex): Finding[] {
  const findings: Finding[] = [];
  const environments = [...root.environments.values()];
  for (let i = 0; i < environments.length; i++) {
    for (let j = i + 1; j < environments.length; j++) {
      const a = environments[i]!;
      const b = environments[j]!;
      const shared: string[] = [];
      if (a.account === b.account) shared.push(`account ${a.account}`);
      for (const pa of a.providers.values()) {
        for (const pb of b.providers.values()) {
          if (pa.type === 'github-actions' || pa.type !== pb.type) continue;
          const key = pa.type === 'eks-pod-identity' ? 'cluster' : 'issuer';
          if (pa[key] && pa[key] === pb[key]) shared.push(`${pa.type} ${key} ${pa[key]}`);
        }
      }
      if (shared.length === 0) continue;
      findings.push(
        makeFinding('isolation.shared-provider', {
          message: `environments "${a.name}" and "${b.name}" share ${shared.join(' and ')}, so an identity of one can reach the roles of the other.`,
          fix: `Give "${b.name}" its own AWS account and cluster.`,
          position: index.position(root.file, `/environments/${b.name}`),
          subject: { environment: b.name },
        }),
      );
    }
  }
  return findings;
}

function conditionValues(statement: PolicyStatement, suffix: string): string[] {
  const values: string[] = [];
  for (const keys of Object.values(statement.Condition ?? {})) {
    for (const [key, list] of Object.entries(keys)) {
      if (key.toLowerCase().endsWith(suffix.toLowerCase())) values.push(...list);
    }
  }
  return values;
}

function conditionIssuers(statement: PolicyStatement): string[] {
  const issuers: string[] = [];
  for (const keys of Object.values(statement.Condition ?? {})) {
    for (const key of Object.keys(keys)) {
      const match = /^(.+):(sub|aud|amr)$/i.exec(key);
      if (match && match[1]!.includes('/')) issuers.push(match[1]!);
      else if (match && match[1]!.includes('.')) issuers.push(match[1]!);
    }
  }
  return issuers;
}

/** Where each foreign mark in a trust statement comes from. */
function foreignMarks(
  statement: PolicyStatement,
  own: EnvironmentMarks,
  others: readonly EnvironmentMarks[],
): string[] {
  const problems: string[] = [];
  const owner = (test: (marks: EnvironmentMarks) => boolean) =>
    others.find(test)?.name ?? 'no environment of this catalogue';
  const principals = statement.Principal === '*' ? {} : (statement.Principal ?? {});
  for (const arn of [...(principals.Federated ?? []), ...(principals.AWS ?? [])]) {
    const parts = parseArn(arn);
    if (!parts) continue;
    if (parts.account !== own.account) {
      problems.push(
        `principal ${arn} is in account ${parts.account} (${owner((m) => m.account === parts.account)})`,
      );
    }
    const issuer = /^oidc-provider\/(.+)$/.exec(parts.resource)?.[1];
    if (issuer && !own.issuers.has(issuer)) {
      problems.push(`provider ${issuer} belongs to ${owner((m) => m.issuers.has(issuer))}`);
    }
  }
  for (const issuer of conditionIssuers(statement)) {
    if (!own.issuers.has(issuer)) {
      problems.push(
        `condition on issuer ${issuer}, which belongs to ${owner((m) => m.issuers.has(issuer))}`,
      );
    }
  }
  if ((principals.Service ?? []).includes(POD_IDENTITY_PRINCIPAL)) {
    for (const cluster of conditionValues(statement, 'aws:RequestTag/eks-cluster-arn')) {
      if (!own.clusters.has(cluster)) {
        problems.push(`cluster ${cluster} belongs to ${owner((m) => m.clusters.has(cluster))}`);
      }
    }
    for (const account of conditionValues(statement, 'aws:SourceAccount')) {
      if (account !== own.account) problems.push(`source account ${account} is not ${own.account}`);
    }
  }
  return problems;
}

/** The GitHub deployment environment a subject names, e.g. `production` of `repo:o/r:environment:production`. */
function githubEnvironmentOf(subject: string, mechanism: string): string | undefined {
  if (mechanism !== 'github-actions') return undefined;
  return /:environment:(.+)$/.exec(subject)?.[1];
}

function podIdentityWithoutSubject(statement: PolicyStatement): boolean {
  const principals = statement.Principal === '*' ? {} : (statement.Principal ?? {});
  if (!(principals.Service ?? []).includes(POD_IDENTITY_PRINCIPAL)) return false;
  return (
    conditionValues(statement, 'aws:RequestTag/kubernetes-namespace').length === 0 ||
    conditionValues(statement, 'aws:RequestTag/kubernetes-service-account').length === 0 ||
    conditionValues(statement, 'aws:RequestTag/eks-cluster-arn').length === 0
  );
}

/**
 * Invariant 1, on every derived role: its trust policy names only its own
 * environment's account, providers and clusters, with an exact subject and an
 * audience (the trust-condition checks run on it too).
 */
export function checkRoleIsolation(
  roles: readonly DerivedRole[],
  index: CatalogueIndex,
): Finding[] {
  const findings: Finding[] = [];
  const marks = new Map(
    [...index.root.environments.values()].map((env) => [env.name, marksOf(env)]),
  );
  for (const role of roles) {
    const own = marks.get(role.environment);
    const subject: FindingSubject = {
      app: role.app,
      environment: role.environment,
      identity: role.identity,
      role: role.name,
    };
    const position = index.identityPosition(role);
    const site: PolicySite = {
      document: role.trustPolicy,
      locate: () => position,
      subject,
      label: `role ${role.name} trust policy`,
    };
    findings.push(...checkTrustConditions(site));
    if (!own) continue;
    const others = [...marks.values()].filter((other) => other.name !== role.environment);
    const foreignEnvironment = githubEnvironmentOf(
      role.trustedSubject.subject,
      role.trustedSubject.mechanism,
    );
    role.trustPolicy.Statement.forEach((statement, at) => {
      if (statement.Effect !== 'Allow') return;
      const problems = foreignMarks(statement, own, others);
      if (foreignEnvironment && others.some((other) => other.name === foreignEnvironment)) {
        problems.push(
          `its GitHub subject names the "${foreignEnvironment}" deployment environment, which is another environment of this catalogue`,
        );
      }
      if (problems.length > 0) {
        findings.push(
          makeFinding('isolation.cross-environment-trust', {
            message: `role ${role.name} of environment "${role.environment}" trusts outside its environment: ${problems.join('; ')}.`,
            fix: `Use a provider of environment "${role.environment}" for identity "${role.identity}", and for GitHub write \`environment: \${env}\`.`,
            position,
            subject,
          }),
        );
      }
      if (podIdentityWithoutSubject(statement)) {
        findings.push(
          makeFinding('isolation.missing-subject', {
            message: `role ${role.name} trust statement ${at} admits EKS Pod Identity without pinning cluster, namespace and service account.`,
            fix: 'Condition on aws:RequestTag/eks-cluster-arn, kubernetes-namespace and kubernetes-service-account.',
            position,
            subject,
          }),
        );
      }
    });
  }
  return findings;
}

/**
 * A GitHub branch, tag or pull_request subject is the same in every environment,
 * so one workflow run reaches all of them; an `environment:` subject differs.
 */
export function checkSharedSubjects(
  roles: readonly DerivedRole[],
  index: CatalogueIndex,
): Finding[] {
  const bySubject = new Map<string, DerivedRole[]>();
  for (const role of roles) {
    // Other mechanisms differ per environment by issuer; a shared issuer is reported by checkSharedProviders.
    if (role.trustedSubject.mechanism !== 'github-actions') continue;
    const key = `${role.trustedSubject.issuer}\n${role.trustedSubject.subject}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), role]);
  }
  const findings: Finding[] = [];
  for (const group of bySubject.values()) {
    const environments = [...new Set(group.map((role) => role.environment))];
    if (environments.length < 2) continue;
    const first = group[0]!;
    findings.push(
      makeFinding('isolation.shared-subject', {
        message: `subject "${first.trustedSubject.subject}" (${first.identity} of ${first.app}) is trusted in ${environments.join(' and ')}: one workflow run reaches every one of them.`,
        fix: 'Give the GitHub identity `environment: ${env}` so each environment trusts its own subject.',
        position: index.identityPosition(first),
        subject: { app: first.app, identity: first.identity },
      }),
    );
  }
  return findings;
}
