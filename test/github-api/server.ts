import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiIssue, type ApiUser, blobSha, RepoState } from './repo-state.js';

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/repos/o/r/issues/7/comments`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, when there was one. */
  body: unknown;
  authorization: string | undefined;
}

/** A refusal the test arranges, e.g. the 403 a fork's read-only token gets. */
interface Refusal {
  method: string;
  path: RegExp;
  status: number;
  message: string;
}

type Handler = (request: RecordedRequest, match: RegExpMatchArray) => [number, unknown];

/** The bot the workflow's own GITHUB_TOKEN acts as. */
export const WORKFLOW_BOT: ApiUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

/**
 * A GitHub REST API for tests, on 127.0.0.1 only: the endpoints the actions
 * call, with GitHub's shapes, pagination by Link header, and every request
 * recorded for assertions.
 */
export class GitHubApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly state = new RepoState();
  /** Token → user it authenticates as. */
  readonly tokens = new Map<string, ApiUser>();
  readonly #refusals: Refusal[] = [];
  readonly #routes: Array<[string, RegExp, Handler]>;
  #server = createServer((req, res) => void this.#handle(req, res));
  #url = '';

  constructor(
    readonly owner = 'example-org',
    readonly repo = 'platform',
  ) {
    this.#routes = this.#defineRoutes();
  }

  /** Base URL to put in GITHUB_API_URL. */
  get url(): string {
    return this.#url;
  }

  /** Starts listening on 127.0.0.1 at a free port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /**
   * Answers `status` to every request matching `method` and `path`, until the
   * returned function is called.
   */
  refuse(method: string, path: RegExp, status: number, message: string): () => void {
    const refusal = { method, path, status, message };
    this.#refusals.push(refusal);
    return () => {
      this.#refusals.splice(this.#refusals.indexOf(refusal), 1);
    };
  }

  /** Requests of one method whose path matches. */
  calls(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  /** Adds an issue or pull request; returns its number. */
  addIssue(issue: Omit<ApiIssue, 'number'>): number {
    const number = this.state.nextNumber();
    this.state.issues.push({ ...issue, number });
    return number;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.#url);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      body: text ? JSON.parse(text) : undefined,
      authorization: req.headers.authorization,
    };
    this.requests.push(request);

    const refusal = this.#refusals.find(
      (r) => r.method === request.method && r.path.test(request.path),
    );
    if (refusal) return send(res, refusal.status, { message: refusal.message });

    for (const [method, pattern, handler] of this.#routes) {
      const match = request.path.match(pattern);
      if (method !== request.method || !match) continue;
      const [status, body] = handler(request, match);
      if (Array.isArray(body)) return this.#sendPage(res, url, body);
      return send(res, status, body);
    }
    send(res, 404, { message: 'Not Found' });
  }

  #sendPage(res: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    if (page * perPage < items.length) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      res.setHeader('link', `<${next.toString()}>; rel="next"`);
    }
    send(res, 200, slice);
  }

  #user(request: RecordedRequest): ApiUser {
    const token = request.authorization?.replace(/^(token|bearer)\s+/i, '') ?? '';
    return this.tokens.get(token) ?? WORKFLOW_BOT;
  }

  #defineRoutes(): Array<[string, RegExp, Handler]> {
    const s = this.state;
    const repo = `/repos/${this.owner}/${this.repo}`;
    const r = (suffix: string): RegExp => new RegExp(`^${escapeRegExp(repo)}${suffix}$`);
    const issueJson = (issue: ApiIssue): unknown => this.#issueJson(issue);
    const find = (n: string): ApiIssue | undefined =>
      s.issues.find((issue) => issue.number === Number(n));

    return [
      [
        'GET',
        r('/issues/(\\d+)/comments'),
        (_q, m) => [
          200,
          s.comments.filter((c) => c.issueNumber === Number(m[1])).map((c) => this.#commentJson(c)),
        ],
      ],
      [
        'POST',
        r('/issues/(\\d+)/comments'),
        (q, m) => {
          const comment = {
            id: s.nextId(),
            issueNumber: Number(m[1]),
            body: String((q.body as { body: string }).body),
            user: this.#user(q),
          };
          s.comments.push(comment);
          return [201, this.#commentJson(comment)];
        },
      ],
      [
        'PATCH',
        r('/issues/comments/(\\d+)'),
        (q, m) => {
          const comment = s.comments.find((c) => c.id === Number(m[1]));
          if (!comment) return [404, { message: 'Not Found' }];
          comment.body = String((q.body as { body: string }).body);
          return [200, this.#commentJson(comment)];
        },
      ],
      [
        'GET',
        r('/issues/(\\d+)/labels'),
        (_q, m) => [200, (find(m[1]!)?.labels ?? []).map((name) => ({ name }))],
      ],
      ['GET', r('/pulls/(\\d+)/reviews'), (_q, m) => [200, find(m[1]!)?.pull?.reviews ?? []]],
      [
        'GET',
        r('/pulls/(\\d+)'),
        (_q, m) => {
          const issue = find(m[1]!);
          return issue?.pull ? [200, this.#pullJson(issue)] : [404, { message: 'Not Found' }];
        },
      ],
      [
        'GET',
        /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/,
        (_q, m) => {
          const members = s.teams.get(`${m[1]}/${m[2]}`) ?? [];
          return members.includes(m[3]!)
            ? [200, { state: 'active', role: 'member' }]
            : [404, { message: 'Not Found' }];
        },
      ],
      [
        'GET',
        r('/issues'),
        (q) => [
          200,
          s.issues
            .filter(
              (i) => (q.query.state ?? 'open') === 'all' || i.state === (q.query.state ?? 'open'),
            )
            .filter(
              (i) =>
                !q.query.labels || q.query.labels.split(',').every((l) => i.labels.includes(l)),
            )
            .map(issueJson),
        ],
      ],
      [
        'POST',
        r('/issues'),
        (q) => {
          const body = q.body as { title: string; body?: string; labels?: string[] };
          const number = this.addIssue({
            title: body.title,
            body: body.body ?? '',
            state: 'open',
            labels: body.labels ?? [],
            user: this.#user(q),
          });
          return [201, issueJson(find(String(number))!)];
        },
      ],
      [
        'PATCH',
        r('/(?:issues|pulls)/(\\d+)'),
        (q, m) => {
          const issue = find(m[1]!);
          if (!issue) return [404, { message: 'Not Found' }];
          const body = q.body as Partial<{ title: string; body: string; state: 'open' | 'closed' }>;
          Object.assign(issue, {
            ...(body.title !== undefined ? { title: body.title } : {}),
            ...(body.body !== undefined ? { body: body.body } : {}),
            ...(body.state !== undefined ? { state: body.state } : {}),
          });
          return [200, issue.pull ? this.#pullJson(issue) : issueJson(issue)];
        },
      ],
      [
        'GET',
        r('/git/ref/heads/(.+)'),
        (_q, m) => {
          const sha = s.branches.get(m[1]!);
          return sha
            ? [200, { ref: `refs/heads/${m[1]}`, object: { sha, type: 'commit' } }]
            : [404, { message: 'Not Found' }];
        },
      ],
      [
        'POST',
        r('/git/refs'),
        (q) => {
          const body = q.body as { ref: string; sha: string };
          const branch = body.ref.replace(/^refs\/heads\//, '');
          if (s.branches.has(branch)) return [422, { message: 'Reference already exists' }];
          if (!s.hasCommit(body.sha)) return [422, { message: 'Object does not exist' }];
          s.branches.set(branch, body.sha);
          return [201, { ref: body.ref, object: { sha: body.sha, type: 'commit' } }];
        },
      ],
      [
        'PATCH',
        r('/git/refs/heads/(.+)'),
        (q, m) => {
          const body = q.body as { sha: string };
          if (!s.branches.has(m[1]!)) return [422, { message: 'Reference does not exist' }];
          s.branches.set(m[1]!, body.sha);
          return [200, { ref: `refs/heads/${m[1]}`, object: { sha: body.sha, type: 'commit' } }];
        },
      ],
      [
        'GET',
        r('/contents/(.+)'),
        (q, m) => {
          const ref = q.query.ref ?? 'main';
          const text = s.file(ref, m[1]!);
          if (text === undefined) return [404, { message: 'Not Found' }];
          const content = Buffer.from(text).toString('base64');
          return [
            200,
            { type: 'file', path: m[1], sha: blobSha(text), encoding: 'base64', content },
          ];
        },
      ],
      [
        'PUT',
        r('/contents/(.+)'),
        (q, m) => {
          const body = q.body as { message: string; content: string; sha?: string; branch: string };
          const current = s.file(body.branch, m[1]!);
          if (current !== undefined && body.sha !== blobSha(current)) {
            return [409, { message: `${m[1]} does not match ${body.sha ?? '(no sha)'}` }];
          }
          const text = Buffer.from(body.content, 'base64').toString('utf8');
          const sha = s.commit(body.branch, { [m[1]!]: text }, body.message);
          return [200, { content: { path: m[1], sha: blobSha(text) }, commit: { sha } }];
        },
      ],
      [
        'GET',
        r('/pulls'),
        (q) => [
          200,
          s.issues
            .filter((i) => i.pull && i.state === (q.query.state ?? 'open'))
            .filter((i) => !q.query.head || `${this.owner}:${i.pull?.head}` === q.query.head)
            .map((i) => this.#pullJson(i)),
        ],
      ],
      [
        'POST',
        r('/pulls'),
        (q) => {
          const body = q.body as { title: string; body?: string; head: string; base: string };
          if (!s.branches.has(body.head)) return [422, { message: 'head does not exist' }];
          const number = this.addIssue({
            title: body.title,
            body: body.body ?? '',
            state: 'open',
            labels: [],
            user: this.#user(q),
            pull: { head: body.head, base: body.base, reviews: [] },
          });
          return [201, this.#pullJson(find(String(number))!)];
        },
      ],
    ];
  }

  #commentJson(comment: { id: number; issueNumber: number; body: string; user: ApiUser }) {
    return {
      id: comment.id,
      body: comment.body,
      user: comment.user,
      html_url: `https://github.test/${this.owner}/${this.repo}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    };
  }

  #issueJson(issue: ApiIssue) {
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      labels: issue.labels.map((name) => ({ name })),
      user: issue.user,
      html_url: `https://github.test/${this.owner}/${this.repo}/issues/${issue.number}`,
      ...(issue.pull ? { pull_request: { url: `${this.#url}/pulls/${issue.number}` } } : {}),
    };
  }

  #pullJson(issue: ApiIssue) {
    return {
      ...this.#issueJson(issue),
      html_url: `https://github.test/${this.owner}/${this.repo}/pull/${issue.number}`,
      head: { ref: issue.pull?.head, label: `${this.owner}:${issue.pull?.head}` },
      base: { ref: issue.pull?.base },
    };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function escapeRegExp(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Starts a server for one test file; close it in `afterAll`. */
export async function startGitHubApi(owner?: string, repo?: string): Promise<GitHubApiServer> {
  return new GitHubApiServer(owner, repo).start();
}
