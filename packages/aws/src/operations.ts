import { type ApplySummary, applyPlan } from './apply/apply-plan.js';
import { type AwsClients, type AwsConnection, createAwsClients } from './connection/clients.js';
import { verifyAccount } from './connection/verify-account.js';
import type { EnvironmentTarget } from './environment-target.js';
import { type LiveAccount, readLiveRoles } from './live/read-live-roles.js';
import { type Logger, silentLogger } from './logger.js';
import { buildPlan } from './plan/build-plan.js';
import type { Plan } from './plan/plan-model.js';

/** What every AWS operation needs: where, against what, and when. */
export interface AwsRunOptions {
  target: EnvironmentTarget;
  /** Region and endpoint; the region defaults to the environment's. */
  connection?: Partial<AwsConnection>;
  /** The clock expiry is judged against (the CLI's `--now`). */
  now: Date;
  /**
   * The real time, which `now` never replaces: a revocation's instant and its
   * 12-hour hold follow it, so a `--now` in the past or future can neither
   * revoke too little nor lift a revocation early. Defaults to the time of the call.
   */
  clock?: Date;
  logger?: Logger;
  /** Clients to use instead of making new ones (tests, the actions' shared clients). */
  clients?: AwsClients;
}

/** Options of {@link applyEnvironment}. */
export interface ApplyOptions extends AwsRunOptions {
  /** Roles worked on at once. */
  concurrency?: number;
  /** Plan and report, write nothing. */
  dryRun?: boolean;
}

/**
 * Opens clients, checks the account, reads the live roles; then runs `work`
 * and closes the clients it opened.
 */
export async function withLiveAccount<T>(
  options: AwsRunOptions,
  work: (context: { clients: AwsClients; live: LiveAccount; logger: Logger }) => Promise<T>,
): Promise<T> {
  const logger = options.logger ?? silentLogger;
  const { target } = options;
  const clients =
    options.clients ?? createAwsClients({ region: target.region, ...options.connection });
  try {
    const caller = await verifyAccount(clients.sts, target.environment, target.account);
    logger.info(`environment ${target.environment}: account ${target.account} (${caller})`);
    const live = await readLiveRoles(clients.iam, target.scope.rolePath, logger);
    logger.info(`read ${live.roles.length} roles in ${live.calls} IAM calls`);
    return await work({ clients, live, logger });
  } finally {
    if (!options.clients) clients.destroy();
  }
}

/** The plan for one environment: live account against the catalogue. Writes nothing. */
export async function planEnvironment(options: AwsRunOptions): Promise<Plan> {
  return withLiveAccount(options, async ({ live }) => planFrom(options, live));
}

/**
 * Plans and carries out the plan. A plan with errors (a derived name taken by
 * a role aoa-iam does not own) is refused whole: nothing is written.
 */
export async function applyEnvironment(
  options: ApplyOptions,
): Promise<{ plan: Plan; summary: ApplySummary }> {
  return withLiveAccount(options, async ({ clients, live, logger }) => {
    const plan = planFrom(options, live);
    if (plan.errors.length > 0) {
      logger.warn(`apply refused: ${plan.errors.length} error(s) in the plan; nothing was written`);
    }
    const summary = await applyPlan(plan, {
      iam: clients.iam,
      scope: options.target.scope,
      logger,
      concurrency: options.concurrency,
      dryRun: options.dryRun,
    });
    return { plan, summary };
  });
}

function planFrom(options: AwsRunOptions, live: LiveAccount): Plan {
  return buildPlan({
    account: options.target.account,
    scope: options.target.scope,
    desired: options.target.roles,
    live: live.roles,
    now: options.now,
    clock: options.clock ?? new Date(),
    readCalls: live.calls,
  });
}
