import { describe, expect, it } from 'vitest';
import { checkBoundaries } from '../../src/checks/boundary.js';
import { CatalogueIndex } from '../../src/checks/catalogue-index.js';
import { checkRoleIsolation } from '../../src/checks/isolation.js';
import type { DerivedRole } from '../../src/compile/role.js';
import { MINIMAL_CATALOGUE } from '../catalogue/fixtures.js';
import { rules, validateFiles } from './lint-helpers.js';

// Given the roles compile derives, When one is changed the way a compile bug would
// change it, Then the guard for the invariant reports it.
async function derived() {
  const result = await validateFiles({ 'aoa-iam.yaml': MINIMAL_CATALOGUE });
  const index = new CatalogueIndex(result.catalogue!);
  const production = result.roles.find((role) => role.environment === 'production')!;
  return { result, index, production };
}

function withTrust(role: DerivedRole, edit: (text: string) => string): DerivedRole {
  return { ...role, trustPolicy: JSON.parse(edit(JSON.stringify(role.trustPolicy))) };
}

describe('invariant 1 guard on derived trust policies', () => {
  it('accepts the trust policies compile derives', async () => {
    const { result, index } = await derived();
    expect(checkRoleIsolation(result.roles, index)).toEqual([]);
  });

  it('reports a production role trusting the staging cluster’s provider', async () => {
    const { index, production } = await derived();
    const crossed = withTrust(production, (text) => text.replaceAll('id/PRODUCTION', 'id/STAGING'));
    const findings = checkRoleIsolation([crossed], index);
    expect(rules(findings)).toEqual(['isolation.cross-environment-trust']);
    expect(findings[0]!.message).toContain('belongs to staging');
  });

  it('reports a trust policy in another account', async () => {
    const { index, production } = await derived();
    const crossed = withTrust(production, (text) =>
      text.replace(':222222222222:', ':111111111111:'),
    );
    expect(checkRoleIsolation([crossed], index)[0]!.message).toContain(
      'is in account 111111111111 (staging)',
    );
  });

  it('reports a wildcard or missing subject', async () => {
    const { index, production } = await derived();
    const wildcard = withTrust(production, (text) =>
      text
        .replace('system:serviceaccount:web:web-api', 'system:serviceaccount:web:*')
        .replace('"StringEquals"', '"StringLike"'),
    );
    expect(rules(checkRoleIsolation([wildcard], index))).toContain('isolation.wildcard-subject');
    const missing = withTrust(production, (text) => text.replace(/,"[^"]+:sub":\["[^"]+"\]/, ''));
    expect(rules(checkRoleIsolation([missing], index))).toContain('isolation.missing-subject');
  });
});

describe('invariant 7 guard on boundaries', () => {
  it('accepts the boundaries compile derives', async () => {
    const { result, index } = await derived();
    expect(checkBoundaries(result.roles, index)).toEqual([]);
  });

  it('reports a role without a boundary, and one with another environment’s', async () => {
    const { index, production } = await derived();
    expect(rules(checkBoundaries([{ ...production, boundary: '' }], index))).toEqual([
      'boundary.missing',
    ]);
    const other = { ...production, boundary: 'arn:aws:iam::111111111111:policy/boundary' };
    expect(rules(checkBoundaries([other], index))).toEqual(['boundary.mismatch']);
  });
});
