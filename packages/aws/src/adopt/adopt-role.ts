import { IamWriter } from '../apply/iam-writer.js';
import { isOwned, whyNotOwned } from '../live/ownership.js';
import { type AwsRunOptions, withLiveAccount } from '../operations.js';

/** Options of {@link adoptRole}. */
export interface AdoptOptions extends AwsRunOptions {
  /** The existing role to take over; its name must be one the catalogue derives. */
  role: string;
}

/** What adopt did. */
export interface AdoptResult {
  role: string;
  /** False when the role was aoa-iam's already. */
  adopted: boolean;
  /** Tags written to mark the role as aoa-iam's. */
  tags: Record<string, string>;
}

/**
 * Takes an existing role over, explicitly: writes aoa-iam's ownership tags on
 * it so that the next apply manages it (and makes it match the catalogue).
 * Refused when the catalogue derives no role of that name, or when the role's
 * path differs: IAM cannot move a role to another path.
 */
export async function adoptRole(options: AdoptOptions): Promise<AdoptResult> {
  const { target } = options;
  return withLiveAccount(options, async ({ clients, live, logger }) => {
    // IAM names are unique whatever their case: match as IAM does, then say why a
    // role that differs only in case cannot be taken over.
    const wanted = options.role.toLowerCase();
    const desired = target.roles.find((role) => role.name.toLowerCase() === wanted);
    if (!desired) {
      throw new Error(
        `the catalogue derives no role "${options.role}" in environment ${target.environment}: ` +
          'only a role the catalogue derives can be adopted',
      );
    }
    const role = live.roles.find((candidate) => candidate.name.toLowerCase() === wanted);
    if (!role) {
      throw new Error(
        `role "${desired.name}" does not exist in account ${target.account}: apply creates it`,
      );
    }
    if (isOwned(role, target.scope) && role.name === desired.name) {
      return { role: role.name, adopted: false, tags: {} };
    }
    if (role.path !== target.scope.rolePath) {
      throw new Error(
        `role "${role.name}" has path ${role.path} and aoa-iam's roles live under ${target.scope.rolePath}; ` +
          "IAM cannot change a role's path, so it cannot be adopted. Delete it (after moving its users) " +
          'and let apply create it, or rename the app or identity',
      );
    }
    if (role.name !== desired.name) {
      throw new Error(
        `role "${role.name}" differs from the derived name "${desired.name}" in case, and IAM cannot ` +
          'rename a role, so it cannot be adopted. Delete it (after moving its users) and let apply ' +
          'create it, or rename the app or identity',
      );
    }
    logger.warn(`adopting ${role.name}: ${whyNotOwned(role, target.scope)}`);
    const writer = new IamWriter(clients.iam, target.scope, logger);
    await writer.run({ op: 'TagRole', role: role.name, tags: desired.tags });
    return { role: role.name, adopted: true, tags: desired.tags };
  });
}
