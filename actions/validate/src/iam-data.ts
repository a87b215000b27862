import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IamData, sharedIamData } from '@aoa-iam/core';

/**
 * AWS's IAM reference data for the checks. The bundle carries its own copy in
 * `dist/iam-data` (scripts/copy-iam-data.mjs), since ncc bundles code, not the
 * data files the engine reads from disk; unbundled, the installed package is used.
 */
export function bundledIamData(): IamData {
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), 'iam-data');
  return existsSync(path.join(beside, 'actions')) ? new IamData(beside) : sharedIamData();
}
