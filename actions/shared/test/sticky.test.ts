import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GitHubApiServer,
  startGitHubApi,
  WORKFLOW_BOT,
} from '../../../test/github-api/server.js';
import { gitHubClient } from '../src/github-client.js';
import { COMMENT_BUDGET, upsertStickyComment } from '../src/sticky-comment.js';
import { TEST_TOKEN } from './run-action.js';

let api: GitHubApiServer;
const repo = { owner: 'example-org', repo: 'platform' };
const identity = { marker: '<!-- aoa-iam:validate:aoa-iam.yaml -->', author: WORKFLOW_BOT.login };

beforeAll(async () => {
  api = await startGitHubApi();
});
afterAll(async () => {
  await api.close();
});

describe('sticky comments', () => {
  it('finds its comment on a later page of a long conversation and updates it', async () => {
    const client = gitHubClient(TEST_TOKEN, { GITHUB_API_URL: api.url });
    for (let i = 0; i < 150; i += 1) {
      api.state.comments.push({
        id: api.state.nextId(),
        issueNumber: 9,
        body: `comment ${i}`,
        user: { login: 'octo-dev', id: 5001, type: 'User' },
      });
    }
    const created = await upsertStickyComment(client, repo, 9, identity, 'first');
    const updated = await upsertStickyComment(client, repo, 9, identity, 'second');

    expect(created.action).toBe('created');
    expect(updated).toMatchObject({ action: 'updated', id: created.id });
    expect(api.calls('GET', /\/issues\/9\/comments$/).at(-1)?.query).toMatchObject({ page: '2' });
    const ours = api.state.comments.filter((c) => c.body.includes(identity.marker));
    expect(ours.map((c) => c.body)).toEqual([`${identity.marker}\nsecond`]);
  });

  it('refuses a body over the budget instead of letting GitHub cut it', async () => {
    const client = gitHubClient(TEST_TOKEN, { GITHUB_API_URL: api.url });
    const body = 'é'.repeat(COMMENT_BUDGET / 2);
    await expect(upsertStickyComment(client, repo, 10, identity, body)).rejects.toThrow(
      /exceeds the 60000-byte budget/,
    );
    expect(api.calls('POST', /\/issues\/10\/comments$/)).toHaveLength(0);
  });
});
