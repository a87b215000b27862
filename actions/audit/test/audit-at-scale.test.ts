import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { compileCatalogue, loadCatalogue } from '@aoa-iam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IamEmulator, startIamEmulator } from '../../../test/iam-emulator/index.js';
import { runAction } from '../../shared/test/run-action.js';
import { STAGING_ONLY_HEADER, TEST_AWS_CREDENTIALS } from '../../shared/test/test-fixtures.js';
import { exampleWorkspace, type Workspace } from '../../shared/test/workspace.js';

const NOW = '2026-12-04T12:00:00Z';
const APPS = 1_000;
const IDENTITIES = ['api', 'worker', 'jobs'];
/** GitHub refuses a step summary over 1 MiB. */
const SUMMARY_LIMIT = 1024 * 1024;

/** A catalogue of APPS × 3 identities in one environment: 3,000 roles. */
function generatedCatalogue(): string {
  const lines = [
    ...STAGING_ONLY_HEADER,
    'capabilities:',
    '  read-metrics:',
    '    policy:',
    '      Version: "2012-10-17"',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: [cloudwatch:GetMetricData]',
    '          Resource: "*"',
    'apps:',
  ];
  for (let i = 0; i < APPS; i += 1) {
    lines.push(`  app-${i}:`, `    namespace: ns-${i}`, '    identities:');
    for (const identity of IDENTITIES)
      lines.push(`      ${identity}:`, `        serviceAccount: ${identity}`);
    lines.push('    grants:', '      staging:');
    for (const identity of IDENTITIES) lines.push(`        ${identity}: [read-metrics]`);
  }
  return `${lines.join('\n')}\n`;
}

let emulator: IamEmulator;
let ws: Workspace;

beforeAll(async () => {
  ws = await exampleWorkspace(false);
  await writeFile(path.join(ws.dir, 'aoa-iam.yaml'), generatedCatalogue());
  emulator = await startIamEmulator({ accountId: '111111111111' });
  emulator.account.addManagedPolicy('aoa-iam-boundary');
  // IAM's default quota is 1,000 roles; accounts this large have it raised (up to 5,000).
  emulator.account.rolesLimit = 5_000;

  // Every role exists and is aoa-iam's, but someone rewrote each description by hand:
  // 3,000 drift lines of 1,000 non-ASCII characters, far past the summary's limit.
  const loaded = await loadCatalogue(path.join(ws.dir, 'aoa-iam.yaml'));
  const { roles } = compileCatalogue(loaded.catalogue!, { now: new Date(NOW) });
  for (const role of roles) {
    emulator.account.seedRole({
      name: role.name,
      path: role.path,
      trustPolicy: role.trustPolicy,
      description: 'Ü'.repeat(1_000),
      maxSessionSeconds: role.maxSessionSeconds,
      boundary: role.boundary,
      tags: role.tags,
      inlinePolicies: Object.fromEntries(role.inlinePolicies.map((p) => [p.name, p.document])),
    });
  }
}, 120_000);
afterAll(async () => {
  await emulator.close();
});

describe('audit action at scale', () => {
  it('audits 3,000 roles with the summary under 1 MiB and the full report in the files', async () => {
    expect(emulator.account.roles.size).toBe(3_000);
    const result = await runAction('audit', {
      workspace: ws.dir,
      inputs: { environment: 'staging', now: NOW, endpoint: emulator.url, 'fail-on': 'drift' },
      env: TEST_AWS_CREDENTIALS,
    });

    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.outputs).toMatchObject({ drift: '3000', failed: 'true' });
    expect(Buffer.byteLength(result.summary)).toBeLessThan(SUMMARY_LIMIT);
    expect(result.summary).toMatch(
      /_\d+ more lines were cut to stay under GitHub's size limit; the full report is in aoa-iam-audit\/aoa-iam-audit-staging\.md\._\n\n$/,
    );
    const json = JSON.parse(
      await readFile(path.join(ws.dir, 'aoa-iam-audit/aoa-iam-audit-staging.json'), 'utf8'),
    );
    expect(json.drift).toHaveLength(3_000);
    const markdown = await readFile(
      path.join(ws.dir, 'aoa-iam-audit/aoa-iam-audit-staging.md'),
      'utf8',
    );
    expect(Buffer.byteLength(markdown)).toBeGreaterThan(SUMMARY_LIMIT);
  }, 120_000);
});
