import { describe, expect, it } from 'vitest';
import { decideApproval, parseApprovalRule } from '../../src/review/approval.js';
import { type PrivilegeIncrease, reviewChange } from '../../src/review/review.js';
import { edit, MINIMAL_CATALOGUE } from '../catalogue/fixtures.js';
import { validateFiles } from './lint-helpers.js';

async function review(base: string, head: string) {
  const before = await validateFiles({ 'aoa-iam.yaml': base });
  const after = await validateFiles({ 'aoa-iam.yaml': head });
  return reviewChange(before.roles, after.roles);
}

const kinds = (increases: readonly PrivilegeIncrease[]) =>
  [...new Set(increases.map((increase) => increase.kind))].sort();

describe('reviewing a change to the catalogue', () => {
  it('lists a wider resource for an action the role already held', async () => {
    const result = await review(
      MINIMAL_CATALOGUE,
      edit(MINIMAL_CATALOGUE, '${env}-${app}/${serviceAccount}/*', '${env}-${app}/*'),
    );
    expect(kinds(result.increases)).toEqual(['wider-resource']);
    expect(result.increases[0]!.detail).toBe(
      's3:GetObject now on arn:aws:s3:::production-web/*, beyond what it held (capability read-bucket)',
    );
  });

  it('lists a new trusted identity when the service account changes', async () => {
    const result = await review(
      MINIMAL_CATALOGUE,
      edit(MINIMAL_CATALOGUE, 'serviceAccount: web-api', 'serviceAccount: web-admin'),
    );
    // The service account is also part of the bucket prefix, so the resource moves too.
    expect(kinds(result.increases)).toEqual(['new-trusted-identity', 'wider-resource']);
    const trust = result.increases.find((increase) => increase.kind === 'new-trusted-identity');
    expect(trust?.detail).toContain('now trusts system:serviceaccount:web:web-admin');
  });

  it('lists a longer session', async () => {
    const head = edit(
      MINIMAL_CATALOGUE,
      '    boundary: arn:aws:iam::222222222222:policy/boundary\n',
      '    boundary: arn:aws:iam::222222222222:policy/boundary\n    maxSession: 4h\n',
    );
    const result = await review(MINIMAL_CATALOGUE, head);
    expect(kinds(result.increases)).toEqual(['longer-session']);
    expect(result.increases[0]!.detail).toBe('sessions up to 14400 s (was 3600 s)');
  });

  it('lists a changed boundary', async () => {
    const result = await review(
      MINIMAL_CATALOGUE,
      edit(
        MINIMAL_CATALOGUE,
        'arn:aws:iam::222222222222:policy/boundary',
        'arn:aws:iam::222222222222:policy/wider',
      ),
    );
    expect(kinds(result.increases)).toEqual(['removed-boundary']);
  });

  it('lists a new environment and every action of its new roles', async () => {
    const head = edit(
      MINIMAL_CATALOGUE,
      'capabilities:\n',
      `  qa:
    account: "333333333333"
    region: eu-west-1
    boundary: arn:aws:iam::333333333333:policy/boundary
    providers:
      eks:
        type: eks-irsa
        issuer: oidc.eks.eu-west-1.amazonaws.com/id/QA
capabilities:
`,
    ).replace(
      '        api: [read-metrics, read-bucket]\n',
      '        api: [read-metrics, read-bucket]\n      qa:\n        api: [read-metrics]\n',
    );
    const result = await review(MINIMAL_CATALOGUE, head);
    expect(kinds(result.increases)).toEqual(['new-action', 'new-environment', 'new-role']);
    expect(result.added.map((change) => change.role)).toEqual(['web-qa-api']);
    expect(result.added[0]!.accessLevel).toEqual({ after: 'Read' });
  });

  it('lists a later expiry of a temporary grant', async () => {
    const grant = (expires: string) =>
      `${MINIMAL_CATALOGUE}    temporary:\n      - identity: api\n        environment: staging\n        capabilities: [read-bucket]\n        expires: ${expires}\n        reason: INC-9 audit export\n`;
    const result = await review(grant('2026-12-06T00:00:00Z'), grant('2026-12-08T00:00:00Z'));
    expect(kinds(result.increases)).toEqual(['later-expiry']);
    expect(result.increases[0]!.detail).toBe(
      'temporary read-bucket until 2026-12-08T00:00:00Z (was 2026-12-06T00:00:00Z)',
    );
  });

  it('reports a narrowing as a change without increases, and a removed role as removed', async () => {
    const head = edit(
      MINIMAL_CATALOGUE,
      'api: [read-metrics, read-bucket]',
      'api: [read-bucket]',
    ).replace('      staging:\n        api: [read-metrics]\n', '');
    const result = await review(MINIMAL_CATALOGUE, head);
    expect(result.increases).toEqual([]);
    expect(result.removed.map((change) => change.role)).toEqual(['web-staging-api']);
    expect(result.changed[0]!.changes).toEqual(['inline policies removed: cap-read-metrics']);
  });
});

describe('the approval rule for increases', () => {
  const increase = (environment: string): PrivilegeIncrease => ({
    kind: 'new-action',
    role: `web-${environment}-api`,
    app: 'web',
    environment,
    identity: 'api',
    detail: 'new action s3:PutObject',
  });
  const { rule } = parseApprovalRule({
    increases: {
      labels: ['iam-approved'],
      teams: ['example-org/security'],
      environments: ['production'],
    },
  });

  it('requires nothing without a rule', () => {
    expect(
      decideApproval(undefined, [increase('production')], { labels: [], approvals: [] }).required,
    ).toBe(false);
  });

  it('requires nothing for increases outside the listed environments', () => {
    expect(
      decideApproval(rule, [increase('staging')], { labels: [], approvals: [] }).required,
    ).toBe(false);
  });

  it('is satisfied by a listed label or an approving review of a listed team', () => {
    expect(
      decideApproval(rule, [increase('production')], { labels: ['iam-approved'], approvals: [] })
        .satisfied,
    ).toBe(true);
    const byTeam = decideApproval(rule, [increase('production')], {
      labels: [],
      approvals: [{ user: 'alice', teams: ['example-org/security'] }],
    });
    expect(byTeam.reason).toBe('approved by alice of example-org/security');
  });

  it('is not satisfied by other labels or other teams', () => {
    const decision = decideApproval(rule, [increase('production')], {
      labels: ['lgtm'],
      approvals: [{ user: 'bob', teams: ['example-org/web'] }],
    });
    expect(decision).toMatchObject({ required: true, satisfied: false });
  });

  it('refuses a rule nobody could satisfy', () => {
    expect(parseApprovalRule({ increases: { labels: [] } }).problems).toEqual([
      'review.increases needs at least one label or team, or nobody could approve',
    ]);
  });
});
