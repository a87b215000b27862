import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../findings/finding.js';
import { normalisePolicy } from '../policy/normalise.js';
import { MAX_NESTING_DEPTH } from './limits.js';
import type { App, Capability, Catalogue, Environment, LoadResult } from './model.js';
import { pointerOf } from './model.js';
import { findUnknownPlaceholders, unknownPlaceholderFinding } from './placeholder-check.js';
import type { RawCatalogue } from './raw-catalogue.js';
import { readBoundedFile, throughGitDirectory } from './read-bounded.js';
import { ReferenceChecker } from './reference-checker.js';
import { resolveApp, resolveExceptions } from './resolve-app.js';
import { resolveEnvironments } from './resolve-environments.js';
import { checkSchema } from './schema.js';
import { parseSourceFile } from './yaml-source.js';

/** How {@link loadCatalogue} reaches files. */
export interface LoadOptions {
  /** Reads a file; defaults to the disk. Tests and `--base` (git show) pass their own. */
  readFile?: (file: string) => Promise<Uint8Array>;
  /**
   * Directory no catalogue or policy file may lie outside, after symlinks are
   * resolved. The Argo CD plugin sets it to the repository root.
   */
  root?: string;
}

/** What one file contributes before nesting is resolved. */
interface LoadContext {
  options: Required<Pick<LoadOptions, 'readFile'>> & LoadOptions;
  findings: Finding[];
  /** Real paths of the catalogues on the current chain, to refuse cycles. */
  chain: string[];
  /** App name → catalogue file, across the whole tree: Argo CD names are unique. */
  appsSeen: Map<string, string>;
}

/**
 * Loads a root catalogue and every nested catalogue below it. Returns a
 * catalogue only when every file was usable; findings say what was not, each
 * with file:line:col and a fix.
 */
export async function loadCatalogue(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  const context: LoadContext = {
    options: { ...options, readFile: options.readFile ?? readBoundedFile },
    findings: [],
    chain: [],
    appsSeen: new Map(),
  };
  const catalogue = await loadFile(file, context, undefined);
  const usable = catalogue && !context.findings.some((finding) => finding.severity === 'error');
  return { catalogue: usable ? catalogue : undefined, findings: context.findings };
}

async function loadFile(
  file: string,
  context: LoadContext,
  parent: { catalogue: Catalogue; app: App } | undefined,
): Promise<Catalogue | undefined> {
  const bytes = await readChecked(file, context, parent);
  if (!bytes) return undefined;
  try {
    return await buildCatalogue(file, bytes, context, parent);
  } finally {
    context.chain.pop();
  }
}

async function buildCatalogue(
  file: string,
  bytes: Uint8Array,
  context: LoadContext,
  parent: { catalogue: Catalogue; app: App } | undefined,
): Promise<Catalogue | undefined> {
  const parsed = parseSourceFile(bytes, file);
  context.findings.push(...parsed.findings);
  if (!parsed.document) return undefined;
  const { value, positions } = parsed.document;

  const schemaFindings = checkSchema(value, file, positions);
  context.findings.push(...schemaFindings);
  if (schemaFindings.length > 0) return undefined;

  const raw = value as RawCatalogue;
  const check = new ReferenceChecker(file, positions);
  const environments = resolveRootOrInherited(raw, parent, check);
  const capabilities = await loadCapabilities(raw, file, context, check);
  // References are checked against what is declared, so a capability whose policy
  // file failed is reported once, not again at every grant that names it.
  const declaredCapabilities = new Set(Object.keys(raw.capabilities ?? {}));
  const apps = new Map<string, App>();
  for (const [name, rawApp] of Object.entries(raw.apps ?? {})) {
    const earlier = context.appsSeen.get(name);
    if (earlier) {
      check.report(
        'catalogue.duplicate-app',
        pointerOf('apps', name),
        `app "${name}" is declared in ${earlier} and again here`,
        'Argo CD app names are unique in an instance: keep the app in one catalogue.',
      );
      continue;
    }
    context.appsSeen.set(name, file);
    apps.set(name, resolveApp(name, rawApp, environments, declaredCapabilities, check));
  }

  const catalogue: Catalogue = {
    file,
    parent: raw.parent,
    rolePath: parent ? parent.catalogue.rolePath : (raw.rolePath ?? `/aoa-iam/${raw.parent}/`),
    environments,
    capabilities,
    apps,
    exceptions: resolveExceptions(raw.exceptions, apps, environments, declaredCapabilities, check),
    review: raw.review,
    positions,
    ancestors: parent ? [...parent.catalogue.ancestors, parent.catalogue.parent] : [],
    digest: createHash('sha256').update(bytes).digest('hex'),
  };
  context.findings.push(...check.findings);

  for (const app of apps.values()) {
    if (!app.nestedPath) continue;
    const nestedFile = path.join(path.dirname(file), app.nestedPath);
    app.nested = await loadFile(nestedFile, context, { catalogue, app });
  }
  return catalogue;
}

/** Reads a catalogue file, refusing cycles, excessive depth and escapes from the root. */
async function readChecked(
  file: string,
  context: LoadContext,
  parent: { catalogue: Catalogue; app: App } | undefined,
): Promise<Uint8Array | undefined> {
  const where = parent
    ? { file: parent.catalogue.file, pointer: pointerOf('apps', parent.app.name, 'catalogue') }
    : undefined;
  const refuse = (message: string, fix: string) => {
    context.findings.push({
      rule: parent ? 'catalogue.nesting' : 'catalogue.unreadable',
      severity: 'error',
      message,
      fix,
      position: where
        ? (parent!.catalogue.positions.get(where.pointer) ?? {
            file: where.file,
            line: 1,
            column: 1,
          })
        : { file, line: 1, column: 1 },
    });
    return undefined;
  };

  if (context.chain.length >= MAX_NESTING_DEPTH) {
    return refuse(
      `nested catalogues go deeper than ${MAX_NESTING_DEPTH} levels at ${file}`,
      'Flatten the tree of catalogues.',
    );
  }
  const forbidden = await forbiddenLocation(file, context.options.root);
  if (forbidden) return refuse(forbidden.message, forbidden.fix);
  const real = await realpath(file).catch(() => path.resolve(file));
  if (context.chain.includes(real)) {
    return refuse(
      `nested catalogue ${file} is already on the chain above it (a cycle)`,
      'Point the app at its own catalogue, not at an ancestor.',
    );
  }
  try {
    const bytes = await context.options.readFile(file);
    context.chain.push(real);
    return bytes;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`,
      parent
        ? `Fix the "catalogue:" path of app "${parent.app.name}" (relative to ${parent.catalogue.file}).`
        : 'Name the catalogue file, e.g. aoa-iam validate examples/platform/aoa-iam.yaml.',
    );
  }
}

/**
 * Why a catalogue or policy file may not be read from `file`, if it may not:
 * outside the root after symlinks (a pull request must not make CI read the
 * runner's files), or inside `.git`, whose config holds the checkout's token.
 */
async function forbiddenLocation(
  file: string,
  root: string | undefined,
): Promise<{ message: string; fix: string } | undefined> {
  const realFile = await realpath(file).catch(() => path.resolve(file));
  if (throughGitDirectory(file) || throughGitDirectory(realFile)) {
    return {
      message: `${file} lies inside a .git directory, which aoa-iam never reads`,
      fix: 'Point at a catalogue or policy file in the working tree.',
    };
  }
  if (!root) return undefined;
  const realRoot = await realpath(root).catch(() => path.resolve(root));
  const relative = path.relative(realRoot, realFile);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    const how = realFile === path.resolve(file) ? 'the path leads out' : 'a symlink leads out';
    return {
      message: `${file} lies outside ${root} (${how})`,
      fix: 'Keep catalogues and policy files inside the repository.',
    };
  }
  return undefined;
}

function resolveRootOrInherited(
  raw: RawCatalogue,
  parent: { catalogue: Catalogue; app: App } | undefined,
  check: ReferenceChecker,
): Map<string, Environment> {
  if (!parent) {
    if (!raw.environments || Object.keys(raw.environments).length === 0) {
      check.report(
        'catalogue.schema',
        '',
        'the root catalogue declares no environments',
        'Add "environments:" with at least one AWS account.',
      );
      return new Map();
    }
    return resolveEnvironments(raw.environments, check);
  }
  if (raw.parent !== parent.app.name) {
    check.report(
      'catalogue.nesting',
      '/parent',
      `this nested catalogue says "parent: ${raw.parent}", but it is the catalogue of app "${parent.app.name}" in ${parent.catalogue.file}`,
      `Write "parent: ${parent.app.name}".`,
    );
  }
  for (const field of ['environments', 'rolePath'] as const) {
    if (raw[field] !== undefined) {
      check.report(
        'catalogue.nesting',
        `/${field}`,
        `a nested catalogue may not declare "${field}"; it inherits them from ${parent.catalogue.file}`,
        `Remove "${field}" here and change it in the root catalogue.`,
      );
    }
  }
  return parent.catalogue.environments;
}

async function loadCapabilities(
  raw: RawCatalogue,
  file: string,
  context: LoadContext,
  check: ReferenceChecker,
): Promise<Map<string, Capability>> {
  const capabilities = new Map<string, Capability>();
  for (const [name, entry] of Object.entries(raw.capabilities ?? {})) {
    const pointer = pointerOf('capabilities', name);
    const spec = entry as {
      description?: string;
      policy?: unknown;
      policyFile?: string | { path: string; substitute?: Record<string, string> };
    };
    let capability: Capability | undefined;
    if (spec.policy !== undefined) {
      capability = {
        name,
        description: spec.description,
        policy: normalisePolicy(spec.policy),
        policySource: file,
        policyPointer: `${pointer}/policy`,
      };
    } else if (spec.policyFile !== undefined) {
      capability = await loadPolicyFile(
        name,
        spec.description,
        spec.policyFile,
        file,
        pointer,
        context,
        check,
      );
    }
    if (!capability) continue;
    if (spec.policy !== undefined) {
      for (const unknown of findUnknownPlaceholders(spec.policy, `${pointer}/policy`)) {
        check.findings.push(
          unknownPlaceholderFinding(name, unknown, check.at(unknown.pointer, true)),
        );
      }
    }
    capabilities.set(name, capability);
  }
  return capabilities;
}

async function loadPolicyFile(
  name: string,
  description: string | undefined,
  reference: string | { path: string; substitute?: Record<string, string> },
  catalogueFile: string,
  pointer: string,
  context: LoadContext,
  check: ReferenceChecker,
): Promise<Capability | undefined> {
  const { path: relative, substitute = {} } =
    typeof reference === 'string' ? { path: reference } : reference;
  const policyFile = path.join(path.dirname(catalogueFile), relative);
  const forbidden = await forbiddenLocation(policyFile, context.options.root);
  if (forbidden) {
    check.report(
      'catalogue.reference',
      `${pointer}/policyFile`,
      `policy file of capability "${name}": ${forbidden.message}`,
      forbidden.fix,
    );
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = await context.options.readFile(policyFile);
  } catch (error) {
    check.report(
      'catalogue.reference',
      `${pointer}/policyFile`,
      `capability "${name}" names the policy file ${policyFile}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      'Fix the path; it is relative to the catalogue file.',
    );
    return undefined;
  }
  const substituted = applySubstitutions(new TextDecoder().decode(bytes), substitute);
  const parsed = parseSourceFile(new TextEncoder().encode(substituted), policyFile);
  context.findings.push(...parsed.findings);
  if (!parsed.document) return undefined;
  const schemaFindings = checkSchema(
    parsed.document.value,
    policyFile,
    parsed.document.positions,
    'policyDocument',
  );
  context.findings.push(...schemaFindings);
  if (schemaFindings.length > 0) return undefined;
  const fileCheck = new ReferenceChecker(policyFile, parsed.document.positions);
  for (const unknown of findUnknownPlaceholders(parsed.document.value, '')) {
    context.findings.push(
      unknownPlaceholderFinding(name, unknown, fileCheck.at(unknown.pointer, true)),
    );
  }
  return {
    name,
    description,
    policy: normalisePolicy(parsed.document.value),
    policySource: policyFile,
    policyPositions: parsed.document.positions,
    policyPointer: '',
  };
}

/**
 * Replaces a vendor policy's own placeholders (`${AWS_PARTITION}`) with catalogue
 * ones (`${partition}`), by exact name only, so nothing else in the file moves.
 */
function applySubstitutions(text: string, substitute: Record<string, string>): string {
  let result = text;
  for (const [name, replacement] of Object.entries(substitute)) {
    result = result.replaceAll(`\${${name}}`, replacement);
  }
  return result;
}
