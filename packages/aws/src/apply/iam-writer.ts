import { MANAGED_BY_VALUE, TAG_MANAGED_BY, TAG_PARENT } from '@aoa-iam/core';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  type Role,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import type { OwnershipScope } from '../live/ownership.js';
import type { Logger } from '../logger.js';
import type { Step } from '../plan/plan-model.js';
import {
  backoffMs,
  CONSISTENCY_ATTEMPTS,
  errorCode,
  isTransient,
  OUTER_ATTEMPTS,
  sdkAttempts,
  sleep,
} from './retry-policy.js';

/** Counts one apply keeps for its summary. */
export interface WriteCounts {
  /** Write calls that succeeded (retries not counted), by IAM operation. */
  byOperation: Record<string, number>;
  /** Every retry: the SDK's own attempts beyond the first, and aoa-iam's. */
  retries: number;
  /** Creates whose answer was lost, resolved by finding the role with aoa-iam's own tags. */
  ambiguousCreatesResolved: number;
}

/** A CreateRole found a role of that name that aoa-iam does not own. */
export class NotOwnedError extends Error {
  override name = 'NotOwnedError';
}

/**
 * Carries out plan steps against IAM with retries. Deletes that find the
 * thing already gone count as done (an earlier, interrupted apply got there
 * first), which is what makes apply resumable at any write.
 */
export class IamWriter {
  readonly counts: WriteCounts = { byOperation: {}, retries: 0, ambiguousCreatesResolved: 0 };
  /** Roles created in this run: NoSuchEntity on them is eventual consistency, not absence. */
  private readonly fresh = new Set<string>();

  constructor(
    private readonly iam: IAMClient,
    private readonly scope: OwnershipScope,
    private readonly logger: Logger,
  ) {}

  total(): number {
    return Object.values(this.counts.byOperation).reduce((sum, count) => sum + count, 0);
  }

  /** Runs one step to completion or throws with the operation named. */
  async run(step: Step): Promise<void> {
    try {
      await this.runStep(step);
    } catch (error) {
      throw new Error(`${step.op} on role ${step.role}`, { cause: error });
    }
  }

  private async runStep(step: Step): Promise<void> {
    switch (step.op) {
      case 'CreateRole':
        return this.createRole(step);
      case 'DeleteRole':
        return this.deleteRole(step.role);
      case 'DeleteRolePolicy':
      case 'DetachRolePolicy':
      case 'RemoveRoleFromInstanceProfile':
        return this.removal(step);
      default:
        await this.send(step.op, step.role, commandFor(step));
    }
  }

  private async createRole(step: Extract<Step, { op: 'CreateRole' }>): Promise<void> {
    try {
      await this.send('CreateRole', step.role, commandFor(step));
      this.fresh.add(step.role);
    } catch (error) {
      if (errorCode(error) !== 'EntityAlreadyExists') throw error;
      // The create may have happened on an attempt whose answer was lost
      // (timeout, dropped connection). Look the role up: when it carries our
      // own path and ownership tags it is the role we asked for.
      this.fresh.add(step.role);
      const found = await this.getRole(step.role);
      const tags = Object.fromEntries((found.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
      const ours =
        found.Path === this.scope.rolePath &&
        tags[TAG_MANAGED_BY] === MANAGED_BY_VALUE &&
        tags[TAG_PARENT] === this.scope.parent;
      if (!ours) {
        throw new NotOwnedError(
          `role "${step.role}" exists and is not managed by aoa-iam (it appeared after the plan was made); ` +
            'nothing of it was changed',
        );
      }
      this.counts.ambiguousCreatesResolved++;
      this.logger.info(
        `role ${step.role} already existed with aoa-iam's tags: a create whose answer was lost`,
      );
    }
  }

  private async getRole(name: string): Promise<Role> {
    const answer = await this.send('GetRole', name, new GetRoleCommand({ RoleName: name }), false);
    if (!answer.Role) throw new Error(`GetRole ${name} answered without a role`);
    return answer.Role;
  }

  /** Removals that find nothing to remove are done: an interrupted run removed it already. */
  private async removal(step: Step): Promise<void> {
    try {
      await this.send(step.op, step.role, commandFor(step));
    } catch (error) {
      if (errorCode(error) !== 'NoSuchEntity') throw error;
      this.logger.debug(`${step.op} on ${step.role}: already gone`);
    }
  }

  private async deleteRole(name: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send('DeleteRole', name, new DeleteRoleCommand({ RoleName: name }));
        return;
      } catch (error) {
        const code = errorCode(error);
        if (code === 'NoSuchEntity') return;
        if (code !== 'DeleteConflict' || attempt >= 3) throw error;
        // Something was added to the role after the plan read it: clear what is
        // there now, then try again.
        this.logger.warn(
          `role ${name} still had policies or instance profiles; removing them first`,
        );
        await this.clearRole(name);
      }
    }
  }

  private async clearRole(name: string): Promise<void> {
    const inline = await this.send(
      'ListRolePolicies',
      name,
      new ListRolePoliciesCommand({ RoleName: name }),
      false,
    );
    for (const policyName of inline.PolicyNames ?? []) {
      await this.removal({ op: 'DeleteRolePolicy', role: name, policyName });
    }
    const attached = await this.send(
      'ListAttachedRolePolicies',
      name,
      new ListAttachedRolePoliciesCommand({ RoleName: name }),
      false,
    );
    for (const policy of attached.AttachedPolicies ?? []) {
      await this.removal({ op: 'DetachRolePolicy', role: name, policyArn: policy.PolicyArn ?? '' });
    }
    const profiles = await this.send(
      'ListInstanceProfilesForRole',
      name,
      new ListInstanceProfilesForRoleCommand({ RoleName: name }),
      false,
    );
    for (const profile of profiles.InstanceProfiles ?? []) {
      await this.removal({
        op: 'RemoveRoleFromInstanceProfile',
        role: name,
        instanceProfile: profile.InstanceProfileName ?? '',
      });
    }
  }

  /**
   * Sends one command, retrying transient failures past the SDK's attempts
   * and NoSuchEntity on a role this run created.
   */
  // biome-ignore lint/suspicious/noExplicitAny: every IAM command shares this path.
  private async send(op: string, role: string, command: any, isWrite = true): Promise<any> {
    let consistencyTries = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.iam.send(command);
        this.counts.retries += sdkAttempts(answer) - 1;
        if (isWrite) this.counts.byOperation[op] = (this.counts.byOperation[op] ?? 0) + 1;
        return answer;
      } catch (error) {
        this.counts.retries += sdkAttempts(error) - 1;
        const code = errorCode(error);
        const eventual = code === 'NoSuchEntity' && this.fresh.has(role) && op !== 'DeleteRole';
        if (eventual && consistencyTries < CONSISTENCY_ATTEMPTS) {
          consistencyTries++;
        } else if (!isTransient(error) || attempt >= OUTER_ATTEMPTS) {
          throw error;
        }
        this.counts.retries++;
        const wait = backoffMs(Math.max(attempt, consistencyTries));
        this.logger.debug(
          `${op} ${role}: ${code}, attempt ${attempt + 1} of ${OUTER_ATTEMPTS} in ${wait} ms`,
        );
        await sleep(wait);
      }
    }
  }
}

/** The SDK command for a plan step. */
function commandFor(step: Step) {
  switch (step.op) {
    case 'CreateRole':
      return new CreateRoleCommand({
        RoleName: step.role,
        Path: step.path,
        AssumeRolePolicyDocument: step.trustPolicy,
        // Boundary and tags travel in the create call: no role exists without them (invariant 7).
        PermissionsBoundary: step.boundary,
        MaxSessionDuration: step.maxSessionSeconds,
        Description: step.description,
        Tags: Object.entries(step.tags).map(([Key, Value]) => ({ Key, Value })),
      });
    case 'PutRolePolicy':
      return new PutRolePolicyCommand({
        RoleName: step.role,
        PolicyName: step.policyName,
        PolicyDocument: step.document,
      });
    case 'DeleteRolePolicy':
      return new DeleteRolePolicyCommand({ RoleName: step.role, PolicyName: step.policyName });
    case 'UpdateAssumeRolePolicy':
      return new UpdateAssumeRolePolicyCommand({
        RoleName: step.role,
        PolicyDocument: step.document,
      });
    case 'PutRolePermissionsBoundary':
      return new PutRolePermissionsBoundaryCommand({
        RoleName: step.role,
        PermissionsBoundary: step.boundary,
      });
    case 'UpdateRole':
      return new UpdateRoleCommand({
        RoleName: step.role,
        Description: step.description,
        MaxSessionDuration: step.maxSessionSeconds,
      });
    case 'TagRole':
      return new TagRoleCommand({
        RoleName: step.role,
        Tags: Object.entries(step.tags).map(([Key, Value]) => ({ Key, Value })),
      });
    case 'UntagRole':
      return new UntagRoleCommand({ RoleName: step.role, TagKeys: step.keys });
    case 'DetachRolePolicy':
      return new DetachRolePolicyCommand({ RoleName: step.role, PolicyArn: step.policyArn });
    case 'RemoveRoleFromInstanceProfile':
      return new RemoveRoleFromInstanceProfileCommand({
        RoleName: step.role,
        InstanceProfileName: step.instanceProfile,
      });
    case 'DeleteRole':
      return new DeleteRoleCommand({ RoleName: step.role });
  }
}
