import { causeChain, maskSecrets } from '@aoa-iam/core';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { OwnershipScope } from '../live/ownership.js';
import type { Logger } from '../logger.js';
import type { Plan, RoleChange } from '../plan/plan-model.js';
import { IamWriter } from './iam-writer.js';
import { runBounded } from './run-bounded.js';

/** Roles apply works on at once by default. */
export const DEFAULT_CONCURRENCY = 4;

/** What happened to one role. */
export interface RoleOutcome {
  role: string;
  action: RoleChange['action'];
  status: 'done' | 'failed';
  /** Present when failed: what was attempted and why it failed, secrets masked. */
  error?: string;
}

/** The summary of one apply. */
export interface ApplySummary {
  environment: string;
  account: string;
  /** True when nothing was written because `dryRun` was asked for. */
  dryRun: boolean;
  created: number;
  updated: number;
  deleted: number;
  failed: number;
  /** Write calls that succeeded, in all and per IAM operation. */
  writes: number;
  writesByOperation: Record<string, number>;
  /** Retries of any call: throttling, 5xx, timeouts, eventual consistency. */
  retries: number;
  /** Creates whose answer was lost and that were recognised by aoa-iam's own tags. */
  ambiguousCreatesResolved: number;
  durationMs: number;
  outcomes: RoleOutcome[];
}

/** How to carry out a plan. */
export interface ApplyPlanOptions {
  iam: IAMClient;
  scope: OwnershipScope;
  logger: Logger;
  /** Roles worked on at once. Default {@link DEFAULT_CONCURRENCY}. */
  concurrency?: number;
  dryRun?: boolean;
}

/**
 * Carries out a plan's changes, each role's steps in order, several roles at
 * once. A plan with errors is refused whole: nothing is written.
 */
export async function applyPlan(plan: Plan, options: ApplyPlanOptions): Promise<ApplySummary> {
  const started = Date.now();
  const writer = new IamWriter(options.iam, options.scope, options.logger);
  const total = plan.changes.length;
  let done = 0;
  const outcomes: RoleOutcome[] = [];

  if (!options.dryRun && plan.errors.length === 0) {
    const results = await runBounded(
      plan.changes,
      options.concurrency ?? DEFAULT_CONCURRENCY,
      async (change) => {
        try {
          for (const step of change.steps) await writer.run(step);
        } finally {
          done++;
          options.logger.progress?.(done, total, change.role);
        }
        options.logger.debug(`${change.action} ${change.role}: done`);
      },
    );
    results.forEach((result, index) => {
      const change = plan.changes[index]!;
      outcomes.push(
        result.status === 'fulfilled'
          ? { role: change.role, action: change.action, status: 'done' }
          : {
              role: change.role,
              action: change.action,
              status: 'failed',
              error: describe(result.reason),
            },
      );
    });
  }

  const succeeded = (action: RoleChange['action']) =>
    outcomes.filter((outcome) => outcome.action === action && outcome.status === 'done').length;
  return {
    environment: plan.environment,
    account: plan.account,
    dryRun: Boolean(options.dryRun),
    created: succeeded('create'),
    updated: succeeded('update'),
    deleted: succeeded('delete'),
    failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
    writes: writer.total(),
    writesByOperation: { ...writer.counts.byOperation },
    retries: writer.counts.retries,
    ambiguousCreatesResolved: writer.counts.ambiguousCreatesResolved,
    durationMs: Date.now() - started,
    outcomes,
  };
}

function describe(error: unknown): string {
  return maskSecrets(causeChain(error, 6).join(': '));
}
