import type { GitHubClient, RepoRef } from '@aoa-iam/action-kit';
import type { ApprovalEvidence } from '@aoa-iam/core';

/**
 * Reads the pull request's labels and reviews through the GitHub API, and for
 * each team named in the catalogue's approval rule, which approvers belong to
 * it. A reviewer's latest approving or blocking review counts; comments do not
 * change it, as on GitHub's own review status.
 *
 * Team membership needs a token that can read the organisation's members; with
 * the workflow's own GITHUB_TOKEN the lookup is refused and no team approval is
 * found (`unreadableTeams` lists those teams, for a warning).
 */
export async function readApprovalEvidence(
  client: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
  teams: readonly string[],
): Promise<{ evidence: ApprovalEvidence; unreadableTeams: string[] }> {
  const labels = await client.paginate(client.rest.issues.listLabelsOnIssue, {
    ...repo,
    issue_number: pullNumber,
    per_page: 100,
  });
  const reviews = await client.paginate(client.rest.pulls.listReviews, {
    ...repo,
    pull_number: pullNumber,
    per_page: 100,
  });

  const latest = new Map<string, string>();
  for (const review of reviews) {
    const login = review.user?.login;
    if (!login || review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    latest.set(login, review.state);
  }
  const approvers = [...latest].filter(([, state]) => state === 'APPROVED').map(([login]) => login);

  const teamsOf = new Map<string, string[]>(approvers.map((login) => [login, []]));
  const unreadableTeams: string[] = [];
  for (const team of teams) {
    const [org, slug] = team.split('/');
    if (!org || !slug) continue;
    for (const login of approvers) {
      const state = await membershipState(client, org, slug, login);
      if (state === 'unreadable' && !unreadableTeams.includes(team)) unreadableTeams.push(team);
      if (state === 'active') teamsOf.get(login)?.push(team);
    }
  }
  return {
    evidence: {
      labels: labels.map((label) => label.name),
      approvals: [...teamsOf].map(([user, memberOf]) => ({ user, teams: memberOf })),
    },
    unreadableTeams,
  };
}

async function membershipState(
  client: GitHubClient,
  org: string,
  slug: string,
  login: string,
): Promise<'active' | 'none' | 'unreadable'> {
  try {
    const { data } = await client.rest.teams.getMembershipForUserInOrg({
      org,
      team_slug: slug,
      username: login,
    });
    return data.state === 'active' ? 'active' : 'none';
  } catch (error) {
    const status = (error as { status?: number }).status;
    // GitHub answers 404 both for "not a member" and for a token that may not see the team.
    if (status === 404) return 'none';
    return 'unreadable';
  }
}
