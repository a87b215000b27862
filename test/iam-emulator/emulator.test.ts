// The emulator answers the real SDK as IAM documents it: these pin the behaviour the AWS tests rely on.
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IamEmulator, startIamEmulator } from './index.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

describe('IAM emulator', () => {
  let emulator: IamEmulator;
  let iam: IAMClient;
  beforeEach(async () => {
    emulator = await startIamEmulator({ accountId: '123456789012' });
    iam = new IAMClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'AKIAEMULATORTEST0002', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
  });
  afterEach(async () => {
    iam.destroy();
    await emulator.close();
  });

  const create = (name: string) =>
    iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
  const failure = async (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => ({
        name: error.name,
        status: error.$metadata?.httpStatusCode,
      }),
    );

  it('pages GetAccountAuthorizationDetails with Marker and IsTruncated', async () => {
    for (let index = 0; index < 5; index++) await create(`role-${index}`);
    const first = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 2 }),
    );
    expect(first.RoleDetailList?.map((role) => role.RoleName)).toEqual(['role-0', 'role-1']);
    expect(first.IsTruncated).toBe(true);
    const last = await iam.send(
      new GetAccountAuthorizationDetailsCommand({
        Filter: ['Role'],
        MaxItems: 3,
        Marker: first.Marker,
      }),
    );
    expect(last.RoleDetailList?.map((role) => role.RoleName)).toEqual([
      'role-2',
      'role-3',
      'role-4',
    ]);
    expect(last.IsTruncated).toBe(false);
    expect(emulator.calls.get('GetAccountAuthorizationDetails')).toBe(2);
  });

  it('answers policy documents URL-encoded, as IAM does', async () => {
    await create('encoded');
    const role = await iam.send(new GetRoleCommand({ RoleName: 'encoded' }));
    expect(role.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
  });

  it('refuses a second role of the same name, case-insensitively, and a missing one', async () => {
    await create('Payments');
    expect(await failure(create('payments'))).toEqual({
      name: 'EntityAlreadyExistsException',
      status: 409,
    });
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'nobody' })))).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  it('refuses to delete a role while policies remain (DeleteConflict)', async () => {
    await create('busy');
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'busy', PolicyName: 'p', PolicyDocument: TRUST }),
    );
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'busy' })))).toEqual({
      name: 'DeleteConflictException',
      status: 409,
    });
  });

  it('enforces the name, tag, inline-size and attachment limits', async () => {
    expect(await failure(create('x'.repeat(65)))).toMatchObject({ status: 400 });
    await create('limits');
    const tags = Array.from({ length: 51 }, (_, index) => ({ Key: `k${index}`, Value: 'v' }));
    expect(
      await failure(iam.send(new TagRoleCommand({ RoleName: 'limits', Tags: tags }))),
    ).toMatchObject({
      name: 'LimitExceededException',
    });
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`),
        },
      ],
    });
    expect(
      await failure(
        iam.send(
          new PutRolePolicyCommand({ RoleName: 'limits', PolicyName: 'big', PolicyDocument: big }),
        ),
      ),
    ).toMatchObject({ name: 'LimitExceededException' });
    for (let index = 0; index < 10; index++) {
      const arn = emulator.account.addManagedPolicy(`managed-${index}`);
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'limits', PolicyArn: arn }));
    }
    const eleventh = emulator.account.addManagedPolicy('managed-10');
    expect(
      await failure(
        iam.send(new AttachRolePolicyCommand({ RoleName: 'limits', PolicyArn: eleventh })),
      ),
    ).toMatchObject({
      name: 'LimitExceededException',
    });
  });

  it('throttles above the write rate and hides a new role for a while', async () => {
    emulator.faults = { writesPerSecond: 1, invisibleForMs: 2_000 };
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((index) => failure(create(`burst-${index}`))),
    );
    expect(
      results.filter((result) => result?.name.startsWith('Throttling')).length,
    ).toBeGreaterThan(0);
    const made = results.indexOf(undefined);
    expect(
      await failure(iam.send(new GetRoleCommand({ RoleName: `burst-${made}` }))),
    ).toMatchObject({ status: 404 });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(
      await failure(iam.send(new GetRoleCommand({ RoleName: `burst-${made}` }))),
    ).toBeUndefined();
  });
});
