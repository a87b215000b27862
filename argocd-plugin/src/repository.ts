import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * The root of the repository copy Argo CD gave the sidecar. The working
 * directory is the app's path inside it, and ARGOCD_APP_SOURCE_PATH is that
 * path relative to the root, so the root is the working directory with that
 * many levels taken off.
 */
export async function repositoryRoot(cwd: string, sourcePath: string | undefined): Promise<string> {
  if (sourcePath === undefined) {
    throw new Error('ARGOCD_APP_SOURCE_PATH is not set; Argo CD sets it for every plugin run');
  }
  const relative = path.normalize(sourcePath).replace(/^[/\\]+|[/\\]+$/g, '');
  if (relative.split(/[\\/]/).includes('..')) {
    throw new Error(`ARGOCD_APP_SOURCE_PATH "${sourcePath}" leaves the repository`);
  }
  const real = await realpath(cwd);
  if (relative === '' || relative === '.') return real;
  const depth = relative.split(/[\\/]/).length;
  let root = real;
  for (let level = 0; level < depth; level++) root = path.dirname(root);
  if (path.join(root, relative) !== real) {
    throw new Error(
      `the working directory ${cwd} does not end with ARGOCD_APP_SOURCE_PATH "${sourcePath}"`,
    );
  }
  return root;
}
