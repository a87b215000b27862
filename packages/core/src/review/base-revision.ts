import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadCatalogue } from '../catalogue/load.js';
import type { Catalogue } from '../catalogue/model.js';
import { CatalogueIndex } from '../checks/catalogue-index.js';
import { compileCatalogue } from '../compile/compile.js';
import type { DerivedRole } from '../compile/role.js';
import type { Finding } from '../findings/finding.js';
import type { IamData } from '../policy/iam-data.js';
import { type ReviewResult, reviewChange } from './review.js';

const run = promisify(execFile);

/** Largest file `git show` may return for a catalogue or policy file. */
const GIT_SHOW_MAX_BYTES = 16 * 1024 * 1024;

/**
 * A file reader that returns each file as it was at a git revision
 * (`git show REV:path`), so the loader reads the base catalogue tree unchanged.
 */
export function gitRevisionReader(
  revision: string,
  cwd: string,
): (file: string) => Promise<Uint8Array> {
  // A revision starting with "-" would be read by git as an option (--output=…).
  if (revision.startsWith('-') || /[\s\0]/.test(revision)) {
    throw new Error(
      `"${revision}" is not a git revision: it starts with "-" or holds whitespace; name a commit, branch or tag such as origin/main`,
    );
  }
  return async (file) => {
    const relative = path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
    try {
      const { stdout } = await run(
        'git',
        ['show', '--end-of-options', `${revision}:./${relative}`],
        {
          cwd,
          encoding: 'buffer',
          maxBuffer: GIT_SHOW_MAX_BYTES,
        },
      );
      return new Uint8Array(stdout);
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
      const missing = /does not exist|exists on disk, but not in/.test(stderr);
      throw Object.assign(
        new Error(
          `reading ${relative} at revision ${revision}: ${stderr || (error as Error).message}`,
          { cause: error },
        ),
        missing ? { code: 'ENOENT' } : {},
      );
    }
  };
}

/** The base side of a review: the catalogue and roles at a revision or in a second file. */
export interface BaseRoles {
  /** `git revision REV` or `file PATH`, for messages. */
  source: string;
  catalogue?: Catalogue;
  roles: DerivedRole[];
  findings: Finding[];
}

/**
 * Loads and compiles the base for `--base`: when `base` names an existing file it
 * is the base catalogue; otherwise it is a git revision and `file` is read from it.
 */
export async function loadBaseRoles(
  file: string,
  base: string,
  options: { cwd: string; now: Date },
): Promise<BaseRoles> {
  const isFile = await stat(path.resolve(options.cwd, base)).then(
    (info) => info.isFile(),
    () => false,
  );
  const loaded = isFile
    ? await loadCatalogue(path.resolve(options.cwd, base))
    : await loadCatalogue(file, { readFile: gitRevisionReader(base, options.cwd) });
  const source = isFile ? `file ${base}` : `git revision ${base}`;
  if (!loaded.catalogue) return { source, roles: [], findings: loaded.findings };
  const { roles } = compileCatalogue(loaded.catalogue, { now: options.now });
  return { source, catalogue: loaded.catalogue, roles, findings: loaded.findings };
}

/** Reviews head roles against base roles, locating increases in the head catalogue. */
export function reviewAgainst(
  base: readonly DerivedRole[],
  head: readonly DerivedRole[],
  headCatalogue: Catalogue,
  iam?: IamData,
): ReviewResult {
  const index = new CatalogueIndex(headCatalogue);
  return reviewChange(base, head, {
    locate: (role) => index.grantPosition(role),
    ...(iam ? { iam } : {}),
  });
}
