import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubApiServer, startGitHubApi } from '../../../test/github-api/server.js';
import { type IamEmulator, startIamEmulator } from '../../../test/iam-emulator/index.js';
import { runAction } from '../../shared/test/run-action.js';
import { TEST_AWS_CREDENTIALS } from '../../shared/test/test-fixtures.js';
import { exampleWorkspace, type Workspace } from '../../shared/test/workspace.js';

// The example's production grant of rotate-token expires 2026-12-10T18:00:00Z.
const AFTER_EXPIRY = '2026-12-20T00:00:00Z';
const GRANT_BLOCK = `    temporary:
      - identity: api
        environment: production
        capabilities: [rotate-token]
        expires: 2026-12-10T18:00:00Z
        reason: INC-4711 rotate the card processor token after the vendor's key rollover.
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
  catalogue = await readFile(path.join(ws.dir, 'aoa-iam.yaml'), 'utf8');
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

function audit() {
  return runAction('audit', {
    workspace: ws.dir,
    inputs: {
      environment: 'production',
      now: AFTER_EXPIRY,
      endpoint: emulator.url,
      'expired-grants-pr': 'true',
      'fail-on': 'none',
    },
    event: { name: 'schedule', payload: { repository: { default_branch: 'main' } } },
    env: {
      ...TEST_AWS_CREDENTIALS,
      GITHUB_API_URL: api.url,
    },
  });
}

describe('audit action: expired temporary grants leave the catalogue through one pull request', () => {
  it('opens a pull request whose catalogue differs only by the expired grant, comments kept', async () => {
    expect(catalogue).toContain(GRANT_BLOCK);
    const result = await audit();

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs['expired-in-catalogue']).toBe('1');
    const pull = api.state.pullFor('aoa-iam/expired-grants-production');
    expect(pull).toMatchObject({
      title: 'aoa-iam: remove expired temporary grants (production)',
      pull: { base: 'main' },
    });
    expect(result.outputs['pull-request-url']).toBe(
      `https://github.test/example-org/platform/pull/${pull?.number}`,
    );
    expect(pull?.body).toContain(
      '| payments-api | api | rotate-token | 2026-12-10T18:00:00Z | INC-4711 rotate the card processor token after the vendor&#39;s key rollover. |',
    );
    const edited = api.state.file('aoa-iam/expired-grants-production', 'aoa-iam.yaml');
    expect(edited).toBe(catalogue.replace(GRANT_BLOCK, ''));
    expect(edited).toContain('# Role catalogue of the "platform" App of Apps.');
    expect(api.state.file('main', 'aoa-iam.yaml')).toBe(catalogue);
  });

  it('updates the same pull request on the next run instead of opening another', async () => {
    const before = api.calls('POST', /\/pulls$/).length;
    const result = await audit();

    expect(result.exitCode).toBe(0);
    expect(api.calls('POST', /\/pulls$/)).toHaveLength(before);
    expect(api.calls('PATCH', /\/pulls\/\d+$/)).toHaveLength(1);
    expect(
      api.calls('PATCH', /\/git\/refs\/heads\/aoa-iam\/expired-grants-production$/),
    ).toHaveLength(1);
    expect(api.state.issues.filter((issue) => issue.pull)).toHaveLength(1);
    expect(api.state.file('aoa-iam/expired-grants-production', 'aoa-iam.yaml')).toBe(
      catalogue.replace(GRANT_BLOCK, ''),
    );
  });
});
