import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './run-action.js';

/** A checked-out repository for one test: a temp directory with its own git history. */
export interface Workspace {
  dir: string;
  /** Writes files (path → text; `null` deletes) and commits them; returns the commit sha. */
  commit(files: Record<string, string | null>, message?: string): Promise<string>;
  /** Writes files without committing (the pull request's working copy). */
  write(files: Record<string, string>): Promise<void>;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.test',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/**
 * A workspace holding a copy of `examples/platform` (or nothing) as its first
 * commit on `main`.
 */
export async function exampleWorkspace(copyExample = true): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aoa-iam-ws-'));
  if (copyExample) await cp(path.join(REPO_ROOT, 'examples', 'platform'), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'base');

  const write = async (files: Record<string, string | null>): Promise<void> => {
    for (const [file, text] of Object.entries(files)) {
      const target = path.join(dir, file);
      if (text === null) {
        await rm(target, { force: true });
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
  };
  return {
    dir,
    write,
    async commit(files, message = 'change') {
      await write(files);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '--allow-empty', '-m', message);
      return git(dir, 'rev-parse', 'HEAD');
    },
  };
}

/** The sha of HEAD in `dir`. */
export function headSha(dir: string): string {
  return git(dir, 'rev-parse', 'HEAD');
}
