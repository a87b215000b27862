import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { loadCatalogue } from '@aoa-iam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubApiServer, startGitHubApi } from '../../../test/github-api/server.js';
import { type IamEmulator, startIamEmulator } from '../../../test/iam-emulator/index.js';
import { runAction } from '../../shared/test/run-action.js';
import { TEST_AWS_CREDENTIALS } from '../../shared/test/test-fixtures.js';
import { exampleWorkspace, type Workspace } from '../../shared/test/workspace.js';

const AFTER_EXPIRY = '2026-12-20T00:00:00Z';
const EXAMPLE_GRANTS = `    temporary:
      - identity: api
        environment: production
        capabilities: [rotate-token]
        expires: 2026-12-10T18:00:00Z
        reason: INC-4711 rotate the card processor token after the vendor's key rollover.
`;
/** The expired grant, with the comment above it and a column-0 comment inside it. */
const EXPIRED_ITEM = `      # INC-4711: the vendor rolls its key over on the 10th.
      - identity: api
        environment: production
# Approved by the payments lead in the incident channel.
        capabilities: [rotate-token]
        expires: 2026-12-10T18:00:00Z
        reason: INC-4711 rotate the card processor token after the vendor's key rollover.
`;
/** A grant that has not expired, with comments inside and between that must survive. */
const KEPT_ITEM = `      # INC-5000: keep until the load test is done.
      - identity: api
        environment: production
        capabilities: [rotate-token]
# Column-0 note inside the kept grant.
        expires: 2027-01-30T18:00:00Z
        reason: INC-5000 rotate the token again after the load test run.
`;

let api: GitHubApiServer;
let emulator: IamEmulator;
let ws: Workspace;
let catalogue: string;

beforeAll(async () => {
  api = await startGitHubApi();
  emulator = await startIamEmulator({ accountId: '222222222222' });
  emulator.account.addManagedPolicy('aoa-iam-boundary');
  ws = await exampleWorkspace();
  const example = await readFile(path.join(ws.dir, 'aoa-iam.yaml'), 'utf8');
  expect(example).toContain(EXAMPLE_GRANTS);
  catalogue = example.replace(EXAMPLE_GRANTS, `    temporary:\n${EXPIRED_ITEM}${KEPT_ITEM}`);
  await ws.commit({ 'aoa-iam.yaml': catalogue });
  api.state.commit('main', {
    'aoa-iam.yaml': catalogue,
    'apps/observability/aoa-iam.yaml': await readFile(
      path.join(ws.dir, 'apps/observability/aoa-iam.yaml'),
      'utf8',
    ),
  });
});
afterAll(async () => {
  await api.close();
  await emulator.close();
});

describe('audit action: removing an expired grant written with comments inside and around it', () => {
  it('cuts the whole grant, keeps the next one and its comments, and leaves a catalogue that loads', async () => {
    const result = await runAction('audit', {
      workspace: ws.dir,
      inputs: {
        environment: 'production',
        now: AFTER_EXPIRY,
        endpoint: emulator.url,
        'expired-grants-pr': 'true',
        'fail-on': 'none',
      },
      event: { name: 'schedule', payload: { repository: { default_branch: 'main' } } },
      env: { ...TEST_AWS_CREDENTIALS, GITHUB_API_URL: api.url },
    });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs['expired-in-catalogue']).toBe('1');
    const edited = api.state.file('aoa-iam/expired-grants-production', 'aoa-iam.yaml') ?? '';
    expect(edited).toBe(catalogue.replace(EXPIRED_ITEM, ''));
    expect(edited).toContain(KEPT_ITEM);

    const files: Record<string, string> = {
      'aoa-iam.yaml': edited,
      'apps/observability/aoa-iam.yaml': api.state.file('main', 'apps/observability/aoa-iam.yaml')!,
    };
    const loaded = await loadCatalogue('aoa-iam.yaml', {
      readFile: async (file) => Buffer.from(files[path.normalize(file)] ?? ''),
    });
    expect(loaded.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(loaded.catalogue?.apps.get('payments-api')?.temporary.map((g) => g.expires)).toEqual([
      '2027-01-30T18:00:00Z',
    ]);
  });
});
