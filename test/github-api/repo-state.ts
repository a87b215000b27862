import { createHash } from 'node:crypto';

/** A user as the GitHub API shows it. */
export interface ApiUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

/** An issue or pull-request comment. */
export interface ApiComment {
  id: number;
  issueNumber: number;
  body: string;
  user: ApiUser;
}

/** An issue or a pull request (GitHub numbers both from one sequence). */
export interface ApiIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  user: ApiUser;
  /** Set for pull requests. */
  pull?: { head: string; base: string; reviews: ApiReview[] };
}

/** A pull request review. */
export interface ApiReview {
  id: number;
  user: ApiUser;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  submitted_at: string;
}

/** One commit: its parent and the whole tree as path → text. */
interface Commit {
  parent?: string;
  files: Map<string, string>;
  message: string;
}

/** Git blob id of `text`, as GitHub reports it for a file's `sha`. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex');
}

/**
 * The state of one repository, enough for what the actions do: comments,
 * issues and pull requests, labels and reviews, team membership, and a tiny git
 * store of branches and file contents.
 */
export class RepoState {
  readonly comments: ApiComment[] = [];
  readonly issues: ApiIssue[] = [];
  /** `org/team-slug` → logins with an active membership. */
  readonly teams = new Map<string, string[]>();
  readonly branches = new Map<string, string>();
  readonly #commits = new Map<string, Commit>();
  #nextId = 1000;
  #commitCount = 0;

  /** A fresh id for comments and reviews. */
  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  /** The next issue or pull request number. */
  nextNumber(): number {
    return Math.max(0, ...this.issues.map((issue) => issue.number)) + 1;
  }

  /** Creates a commit on `branch` (creating the branch) with the given files changed. */
  commit(branch: string, files: Record<string, string>, message = 'commit'): string {
    const parent = this.branches.get(branch);
    const tree = new Map(parent ? this.#commits.get(parent)?.files : []);
    for (const [path, text] of Object.entries(files)) tree.set(path, text);
    this.#commitCount += 1;
    const sha = createHash('sha1')
      .update(`${parent ?? ''}:${this.#commitCount}:${message}`)
      .digest('hex');
    this.#commits.set(sha, { files: tree, message, ...(parent ? { parent } : {}) });
    this.branches.set(branch, sha);
    return sha;
  }

  /** True when `sha` names a commit. */
  hasCommit(sha: string): boolean {
    return this.#commits.has(sha);
  }

  /** The text of `path` at a branch name or commit sha. */
  file(ref: string, path: string): string | undefined {
    const sha = this.branches.get(ref) ?? ref;
    return this.#commits.get(sha)?.files.get(path);
  }

  /** The commit message of the tip of `branch`. */
  message(branch: string): string | undefined {
    const sha = this.branches.get(branch);
    return sha ? this.#commits.get(sha)?.message : undefined;
  }

  /** The pull request whose head is `branch`, open ones first. */
  pullFor(branch: string): ApiIssue | undefined {
    return this.issues.find((issue) => issue.pull?.head === branch && issue.state === 'open');
  }
}
