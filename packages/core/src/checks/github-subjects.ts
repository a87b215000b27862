import type { DerivedRole } from '../compile/role.js';
import type { Finding } from '../findings/finding.js';
import { highestAccessLevel, isWriteLevel } from '../policy/access-level.js';
import type { IamData } from '../policy/iam-data.js';
import type { CatalogueIndex } from './catalogue-index.js';
import { makeFinding } from './finding-builder.js';

/**
 * GitHub Actions subjects (the case 6): a branch grant does not cover jobs
 * that declare an environment; a pull_request grant cannot be narrowed to a branch
 * and is refused on roles with write access; a repository declared with immutable
 * subject claims must be trusted through owner and repository ids.
 */
export function checkGitHubSubjects(
  roles: readonly DerivedRole[],
  index: CatalogueIndex,
  iam: IamData,
): Finding[] {
  const findings: Finding[] = [];
  for (const role of roles) {
    const spec = role.identitySpec;
    if (spec.kind !== 'github') continue;
    const subject = {
      app: role.app,
      environment: role.environment,
      identity: role.identity,
      role: role.name,
    };
    const position = index.identityPosition(role);
    const trusted = role.trustedSubject.subject;
    if (spec.branch !== undefined) {
      findings.push(
        makeFinding('github.branch-subject', {
          message: `role ${role.name} trusts "${trusted}": jobs on branch ${spec.branch} that declare an environment present "repo:${spec.repository}:environment:NAME" instead, and cannot assume it.`,
          fix: 'Grant an `environment:` identity for jobs that declare one.',
          position,
          subject,
        }),
      );
    }
    if (spec.pullRequest) {
      const level = highestAccessLevel(
        role.inlinePolicies.map((inline) => inline.document),
        iam,
      );
      findings.push(
        makeFinding('github.pull-request', {
          message: `role ${role.name} trusts "${trusted}": every pull request of ${spec.repository}, from any branch, presents this subject; it cannot be narrowed to a branch.`,
          fix: 'Keep pull_request roles read-only.',
          position,
          subject,
        }),
      );
      if (isWriteLevel(level)) {
        findings.push(
          makeFinding('github.pull-request-write', {
            message: `role ${role.name} trusts every pull request of ${spec.repository} and has ${level} access (capabilities ${role.inlinePolicies.map((inline) => inline.capability).join(', ')}).`,
            fix: 'Grant only List/Read capabilities to pull_request identities, or record an exception for github.pull-request-write with the reason.',
            position,
            subject,
          }),
        );
      }
    }
    if (spec.immutable && !/^repo:[^/]+@[^/]+\/[^:]+@[^:]+:/.test(trusted)) {
      findings.push(
        makeFinding('github.immutable-subject', {
          message: `role ${role.name} trusts "${trusted}", a name-only subject, but ${spec.repository} is declared to use immutable subject claims (owner ${spec.immutable.ownerId}, repository ${spec.immutable.repositoryId}).`,
          fix: `The subject must read repo:OWNER@${spec.immutable.ownerId}/REPO@${spec.immutable.repositoryId}:…`,
          position,
          subject,
        }),
      );
    }
  }
  return findings;
}
