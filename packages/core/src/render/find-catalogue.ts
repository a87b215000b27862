import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

/** The file name aoa-iam looks for when no catalogue is named. */
export const CATALOGUE_FILE_NAME = 'aoa-iam.yaml';

/** A catalogue path that leads outside the repository, or no catalogue found. */
export class CataloguePathError extends Error {
  override name = 'CataloguePathError';
}

/**
 * Resolves a catalogue path given relative to the repository `root` (as Argo
 * CD parameters are) and refuses one that leaves it: `..` segments, absolute
 * paths elsewhere, or symlinks whose target lies outside.
 */
export async function resolveCataloguePath(root: string, given: string): Promise<string> {
  const realRoot = await realpath(root);
  if (given.split(/[\\/]/).includes('..')) {
    throw new CataloguePathError(
      `catalogue path "${given}" contains "..": name it from the repository root`,
    );
  }
  const candidate = path.resolve(realRoot, given);
  return insideRoot(realRoot, candidate, given);
}

/**
 * Walks up from `start` to `root` (both included) and returns the outermost
 * `aoa-iam.yaml` that is a root catalogue (one that declares `environments:`).
 * Outermost, not nearest: a child must not be able to drop a catalogue of its
 * own into its folder and grant itself roles. Nested catalogues are skipped,
 * since rendering needs the whole tree.
 */
export async function findCatalogue(start: string, root: string): Promise<string> {
  const realRoot = await realpath(root);
  let current = await realpath(start);
  if (!isInside(realRoot, current)) {
    throw new CataloguePathError(`the app folder ${start} is outside the repository root ${root}`);
  }
  let outermost: string | undefined;
  for (;;) {
    const candidate = path.join(current, CATALOGUE_FILE_NAME);
    const text = await readFile(candidate, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const file = await insideRoot(realRoot, candidate, candidate);
      if (/^environments:/m.test(text)) outermost = file;
    }
    if (current === realRoot) break;
    current = path.dirname(current);
  }
  if (outermost) return outermost;
  throw new CataloguePathError(
    `no ${CATALOGUE_FILE_NAME} with environments found from ${start} up to the repository root`,
  );
}

async function insideRoot(realRoot: string, candidate: string, given: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new CataloguePathError(`catalogue "${given}" does not exist`);
  }
  if (!isInside(realRoot, real)) {
    throw new CataloguePathError(`catalogue "${given}" leads outside the repository (to ${real})`);
  }
  return real;
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
