import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { compileCatalogue } from '../../src/compile/compile.js';
import { renderNapkinMermaid } from '../../src/explain/mermaid.js';
import { napkinView, renderNapkinText } from '../../src/explain/napkin-view.js';
import { renderWhoCanText, whoCan } from '../../src/explain/who-can.js';
import { MINIMAL_CATALOGUE, temporaryTree } from '../catalogue/fixtures.js';

const NOW = new Date('2026-12-04T12:00:00Z');

async function derive(text: string) {
  const root = temporaryTree({ 'aoa-iam.yaml': text });
  const loaded = await loadCatalogue(path.join(root, 'aoa-iam.yaml'));
  if (!loaded.catalogue)
    throw new Error(loaded.findings.map((finding) => finding.message).join('; '));
  return {
    catalogue: loaded.catalogue,
    roles: compileCatalogue(loaded.catalogue, { now: NOW }).roles,
  };
}

const WITH_DENY = MINIMAL_CATALOGUE.replace(
  'apps:\n',
  `  no-secrets:
    policy:
      Version: 2012-10-17
      Statement:
        - {Effect: Deny, Action: "s3:*", Resource: "arn:aws:s3:::production-web/web-api/secret/*"}
apps:
`,
).replace('api: [read-metrics, read-bucket]', 'api: [read-metrics, read-bucket, no-secrets]');

describe('who can do this?', () => {
  it('names the role, capability and statement that allow the action on the resource', async () => {
    const { catalogue, roles } = await derive(MINIMAL_CATALOGUE);
    const answer = whoCan(catalogue, roles, {
      action: 's3:getobject',
      resource: 'arn:aws:s3:::production-web/web-api/report.csv',
    });
    expect(answer.holders).toMatchObject([
      {
        app: 'web',
        environment: 'production',
        identity: 'api',
        role: 'web-production-api',
        grantedBy: [{ capability: 'read-bucket', statement: 0, conditional: false }],
      },
    ]);
    expect(answer.holders[0]!.grantedBy[0]!.position?.line).toBeGreaterThan(0);
  });

  it('lists a role whose Deny wins apart, as denied', async () => {
    const { catalogue, roles } = await derive(WITH_DENY);
    const answer = whoCan(catalogue, roles, {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::production-web/web-api/secret/key.pem',
    });
    expect(answer.holders).toEqual([]);
    expect(answer.deniedBy.map((holder) => holder.role)).toEqual(['web-production-api']);
    expect(renderWhoCanText(answer)).toContain(
      'api of web in production is denied explicitly (capability no-secrets)',
    );
  });

  it('says until when a holder can, when only a temporary grant gives it', async () => {
    const { catalogue, roles } = await derive(
      `${MINIMAL_CATALOGUE}    temporary:\n      - identity: api\n        environment: staging\n        capabilities: [read-bucket]\n        expires: 2026-12-06T00:00:00Z\n        reason: INC-5 export\n`,
    );
    const answer = whoCan(catalogue, roles, { action: 's3:GetObject', environment: 'staging' });
    expect(answer.holders.map((holder) => holder.until)).toEqual(['2026-12-06T00:00:00Z']);
    expect(answer.holders[0]!.grantedBy[0]!.conditional).toBe(true);
  });
});

describe('the napkin view', () => {
  it('summarises each capability by its highest access level', async () => {
    const { catalogue, roles } = await derive(MINIMAL_CATALOGUE);
    const view = napkinView(catalogue, roles);
    const production = view.entries.find((entry) => entry.environment === 'production')!;
    expect(
      production.capabilities.map((capability) => [capability.name, capability.accessLevel]),
    ).toEqual([
      ['read-bucket', 'Read'],
      ['read-metrics', 'Read'],
    ]);
    expect(renderNapkinText(view)).toContain(
      '  web: api, service account web/web-api (eks-irsa), can read-bucket (Read), read-metrics (Read).',
    );
  });

  it('draws Mermaid ids from letters, digits and underscores only', async () => {
    const { catalogue, roles } = await derive(MINIMAL_CATALOGUE);
    const graph = renderNapkinMermaid(napkinView(catalogue, roles));
    for (const line of graph.split('\n').filter((text) => text.includes('-->'))) {
      expect(line.trim()).toMatch(/^\w+ --> \w+$/);
    }
  });
});
