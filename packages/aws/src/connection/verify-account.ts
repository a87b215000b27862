import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

/** The credentials belong to another account than the environment names. */
export class AccountMismatchError extends Error {
  override name = 'AccountMismatchError';
  constructor(
    readonly environment: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `the credentials are for AWS account ${actual}, but environment "${environment}" is ` +
        `account ${expected}: nothing was read or changed. Use credentials for account ` +
        `${expected}, or pick the environment that belongs to account ${actual}.`,
    );
  }
}

/**
 * Asks STS whose credentials these are and stops unless they belong to the
 * environment's account, so one environment's catalogue can never be applied
 * with another's credentials. Returns the caller's ARN for the log.
 */
export async function verifyAccount(
  sts: STSClient,
  environment: string,
  expectedAccount: string,
): Promise<string> {
  let identity: { Account?: string; Arn?: string };
  try {
    identity = await sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw new Error('asking STS who the credentials belong to (GetCallerIdentity)', {
      cause: error,
    });
  }
  const actual = identity.Account ?? 'unknown';
  if (actual !== expectedAccount)
    throw new AccountMismatchError(environment, expectedAccount, actual);
  return identity.Arn ?? '';
}
