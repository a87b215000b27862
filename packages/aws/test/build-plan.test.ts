import type { DerivedRole } from '@aoa-iam/core';
import { describe, expect, it } from 'vitest';
import type { LiveRole } from '../src/live/live-role.js';
import { buildPlan } from '../src/plan/build-plan.js';
import {
  REVOCATION_POLICY,
  revocationPolicy,
  TAG_REVOKED_GRANTS,
} from '../src/revoke/revocation.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const SCOPE = { rolePath: '/aoa-iam/platform/', parent: 'platform', environment: 'staging' };
const BOUNDARY = 'arn:aws:iam::111111111111:policy/boundary';
const METRICS = {
  Version: '2012-10-17' as const,
  Statement: [{ Effect: 'Allow' as const, Action: ['cloudwatch:ListMetrics'], Resource: ['*'] }],
};
const TOKEN = {
  Version: '2012-10-17' as const,
  Statement: [
    {
      Effect: 'Allow' as const,
      Action: ['secretsmanager:RotateSecret'],
      Resource: ['*'],
      Condition: { DateLessThan: { 'aws:CurrentTime': ['2026-12-10T18:00:00Z'] } },
    },
  ],
};

/** A hand-made derived role: what compile would give for app `payments`. */
function derived(overrides: Partial<DerivedRole> = {}): DerivedRole {
  return {
    name: 'payments-staging-api',
    path: SCOPE.rolePath,
    arn: 'arn:aws:iam::111111111111:role/aoa-iam/platform/payments-staging-api',
    app: 'payments',
    environment: 'staging',
    identity: 'api',
    identitySpec: {
      kind: 'serviceAccount',
      serviceAccount: 'payments',
      namespace: 'payments',
      provider: 'eks',
    },
    namespace: 'payments',
    account: '111111111111',
    partition: 'aws',
    region: 'eu-west-1',
    catalogueFile: 'aoa-iam.yaml',
    parents: ['platform'],
    trustedSubject: {
      mechanism: 'eks-irsa',
      provider: 'eks',
      issuer: 'x',
      subject: 'system:serviceaccount:payments:payments',
    },
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Principal: { Federated: ['x'] },
        },
      ],
    },
    inlinePolicies: [
      { name: 'cap-read-metrics', capability: 'read-metrics', document: METRICS },
      {
        name: 'temp-rotate-token',
        capability: 'rotate-token',
        document: TOKEN,
        temporary: { expires: '2026-12-10T18:00:00Z', reason: 'INC' },
      },
    ],
    boundary: BOUNDARY,
    maxSessionSeconds: 3_600,
    description: 'payments api',
    tags: {
      'aoa-iam:app': 'payments',
      'aoa-iam:environment': 'staging',
      'aoa-iam:managed-by': 'aoa-iam',
      'aoa-iam:parent': 'platform',
      'aoa-iam:revision': 'r1',
    },
    ...overrides,
  };
}

/** The live role exactly as apply would have made `role`. */
function liveOf(role: DerivedRole, overrides: Partial<LiveRole> = {}): LiveRole {
  return {
    name: role.name,
    path: role.path,
    arn: role.arn,
    roleId: 'AROA1',
    trustPolicy: JSON.stringify(role.trustPolicy),
    inlinePolicies: new Map(
      role.inlinePolicies.map((policy) => [policy.name, JSON.stringify(policy.document)]),
    ),
    attachedPolicies: [],
    instanceProfiles: [],
    boundary: role.boundary,
    tags: { ...role.tags },
    maxSessionSeconds: role.maxSessionSeconds,
    description: role.description,
    ...overrides,
  };
}

const plan = (desired: DerivedRole[], live: LiveRole[], now = NOW) =>
  buildPlan({
    account: '111111111111',
    scope: SCOPE,
    desired,
    live,
    now,
    clock: now,
    readCalls: 2,
  });

describe('buildPlan', () => {
  it('leaves a role that matches alone, whatever its revision tag says', () => {
    const role = derived();
    const result = plan(
      [role],
      [liveOf(role, { tags: { ...role.tags, 'aoa-iam:revision': 'r0' } })],
    );
    expect(result.changes).toEqual([]);
    expect(result.unchanged).toEqual(['payments-staging-api']);
  });

  it('orders an update: boundary, removals, trust and session, additions, tags', () => {
    const role = derived();
    const live = liveOf(role, {
      boundary: undefined,
      maxSessionSeconds: 7_200,
      inlinePolicies: new Map([['cap-old', '{"Version":"2012-10-17","Statement":[]}']]),
      tags: { ...role.tags, 'aoa-iam:revision': 'r0' },
    });
    const [change] = plan([role], [live]).changes;
    expect(change!.steps.map((step) => step.op)).toEqual([
      'PutRolePermissionsBoundary',
      'DeleteRolePolicy',
      'UpdateRole',
      'PutRolePolicy',
      'PutRolePolicy',
      'TagRole',
    ]);
    expect(change!.steps.at(-1)).toEqual({
      op: 'TagRole',
      role: role.name,
      tags: { 'aoa-iam:revision': 'r1' },
    });
  });

  it('calls a derived name held by a role of another case an error, not a create', () => {
    const role = derived();
    const foreign = liveOf(role, { name: 'Payments-Staging-Api', path: '/', tags: {} });
    const result = plan([role], [foreign]);
    expect(result.changes).toEqual([]);
    expect(result.errors.map((error) => error.rule)).toEqual(['aws.role-not-owned']);
  });

  it('drops an expired temporary grant and deletes a role that existed only for expired grants', () => {
    const role = derived();
    const tempOnly = derived({
      name: 'oncall-staging-api',
      inlinePolicies: [role.inlinePolicies[1]!],
      expires: '2026-12-10T18:00:00Z',
      tags: { ...role.tags, 'aoa-iam:expires': '2026-12-10T18:00:00Z' },
    });
    const later = new Date('2026-12-11T00:00:00Z');
    const result = plan([role, tempOnly], [liveOf(role), liveOf(tempOnly)], later);
    expect(
      result.changes.map((change) => `${change.action} ${change.role}: ${change.reason}`),
    ).toEqual([
      'delete oncall-staging-api: its temporary grants expired 2026-12-10T18:00:00Z',
      'update payments-staging-api: the live role differs from the catalogue',
    ]);
    expect(result.changes[1]!.steps[0]).toEqual({
      op: 'DeleteRolePolicy',
      role: role.name,
      policyName: 'temp-rotate-token',
    });
  });

  it('keeps an active revocation and the grants it dropped, then lifts both when their time is over', () => {
    const role = derived();
    const live = liveOf(role, {
      inlinePolicies: new Map([
        ['cap-read-metrics', JSON.stringify(METRICS)],
        [REVOCATION_POLICY, JSON.stringify(revocationPolicy(new Date('2026-12-04T11:00:00Z')))],
      ]),
      tags: { ...role.tags, [TAG_REVOKED_GRANTS]: 'rotate-token@2026-12-10T18:00:00Z' },
    });
    expect(plan([role], [live]).changes).toEqual([]);

    const withoutGrant = derived({ inlinePolicies: [role.inlinePolicies[0]!] });
    const afterwards = plan([withoutGrant], [live], new Date('2026-12-05T00:00:00Z'));
    expect(afterwards.changes[0]!.steps).toEqual([
      { op: 'DeleteRolePolicy', role: role.name, policyName: REVOCATION_POLICY },
      { op: 'UntagRole', role: role.name, keys: [TAG_REVOKED_GRANTS] },
    ]);
  });
});
