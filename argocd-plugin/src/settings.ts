/**
 * The plugin's settings, read the way Argo CD hands them to a sidecar plugin:
 * `ARGOCD_ENV_<NAME>` from the Application's `plugin.env` (Argo CD keeps the
 * case as written and drops empty values), and `ARGOCD_APP_PARAMETERS`, a JSON
 * list of `{name, string | array | map}` from `plugin.parameters`. Argo CD
 * never sends the defaults a plugin announces, so they are applied here.
 */
export interface PluginSettings {
  environment: string;
  /** Catalogue path relative to the repository root; undefined: walk up from the app folder. */
  catalogue?: string;
  app: string;
  mode: 'auto' | 'parent' | 'child';
  namespace?: string;
  renderer: 'auto' | 'directory' | 'kustomize' | 'helm';
  valuesFiles: string[];
  releaseName: string;
  passUnknownChildren: boolean;
  allowEmpty: boolean;
  strict: boolean;
  audience?: string;
  stsRegionalEndpoints?: 'true' | 'false';
  tokenExpiration?: string;
  debug: boolean;
}

/** A setting: its parameter name, the env name after `ARGOCD_ENV_`, and its default. */
interface SettingSpec {
  parameter: string;
  env: string;
  default?: string;
  allowed?: readonly string[];
}

const BOOLEAN_VALUES = ['true', 'false'] as const;

/** Every setting, in the order plugin.yaml announces them. */
export const SETTINGS: readonly SettingSpec[] = [
  { parameter: 'environment', env: 'AOA_IAM_ENVIRONMENT' },
  { parameter: 'catalogue', env: 'AOA_IAM_CATALOGUE' },
  { parameter: 'app', env: 'AOA_IAM_APP' },
  { parameter: 'mode', env: 'AOA_IAM_MODE', default: 'auto', allowed: ['auto', 'parent', 'child'] },
  { parameter: 'namespace', env: 'AOA_IAM_NAMESPACE' },
  {
    parameter: 'renderer',
    env: 'AOA_IAM_RENDERER',
    default: 'auto',
    allowed: ['auto', 'directory', 'kustomize', 'helm'],
  },
  { parameter: 'values-files', env: 'AOA_IAM_VALUES_FILES' },
  { parameter: 'release-name', env: 'AOA_IAM_RELEASE_NAME' },
  {
    parameter: 'unknown-children',
    env: 'AOA_IAM_UNKNOWN_CHILDREN',
    default: 'error',
    allowed: ['error', 'pass'],
  },
  {
    parameter: 'allow-empty',
    env: 'AOA_IAM_ALLOW_EMPTY',
    default: 'false',
    allowed: BOOLEAN_VALUES,
  },
  { parameter: 'strict', env: 'AOA_IAM_STRICT', default: 'false', allowed: BOOLEAN_VALUES },
  { parameter: 'audience', env: 'AOA_IAM_AUDIENCE' },
  {
    parameter: 'sts-regional-endpoints',
    env: 'AOA_IAM_STS_REGIONAL_ENDPOINTS',
    allowed: BOOLEAN_VALUES,
  },
  { parameter: 'token-expiration', env: 'AOA_IAM_TOKEN_EXPIRATION' },
  { parameter: 'debug', env: 'AOA_IAM_DEBUG', default: 'false', allowed: BOOLEAN_VALUES },
];

/** A setting is missing or malformed; the message names it and the app. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

type RawValue = string | string[];

/**
 * Reads the settings from Argo CD's environment variables. Warnings (ignored
 * near-miss names, unknown parameters) are pushed to `warnings` as they are
 * found, so they are shown even when a setting then turns out to be missing.
 */
export function readSettings(env: NodeJS.ProcessEnv, warnings: string[]): PluginSettings {
  const appName = env.ARGOCD_APP_NAME ?? '';
  warnNearMisses(env, warnings);
  const parameters = readParameters(env.ARGOCD_APP_PARAMETERS, appName, warnings);

  const raw = (spec: SettingSpec): RawValue | undefined => {
    const value = parameters.get(spec.parameter) ?? env[`ARGOCD_ENV_${spec.env}`] ?? spec.default;
    if (typeof value === 'string' && spec.allowed && !spec.allowed.includes(value)) {
      throw new SettingsError(
        `setting ${spec.parameter} of app ${appName || '(unnamed)'} is "${value}"; use one of ${spec.allowed.join(', ')}`,
      );
    }
    return value;
  };
  const text = (name: string): string | undefined => {
    const value = raw(spec(name));
    if (Array.isArray(value)) {
      throw new SettingsError(`setting ${name} of app ${appName} takes one string, not a list`);
    }
    return value === '' ? undefined : value;
  };

  const environment = text('environment');
  if (!environment) throw missing('environment', appName);
  // Argo CD's name for the app is its identity; the render refuses an app
  // setting that names another app (only the catalogue's parent may differ).
  const app = text('app') ?? (appName || undefined);
  if (!app) throw missing('app', appName);

  const settings: PluginSettings = {
    environment,
    app,
    mode: text('mode') as PluginSettings['mode'],
    renderer: text('renderer') as PluginSettings['renderer'],
    valuesFiles: list(raw(spec('values-files'))),
    releaseName: text('release-name') ?? app,
    passUnknownChildren: text('unknown-children') === 'pass',
    allowEmpty: text('allow-empty') === 'true',
    strict: text('strict') === 'true',
    debug: text('debug') === 'true',
  };
  const optional = {
    catalogue: text('catalogue'),
    namespace: text('namespace') ?? (env.ARGOCD_APP_NAMESPACE || undefined),
    audience: text('audience'),
    stsRegionalEndpoints: text('sts-regional-endpoints') as PluginSettings['stsRegionalEndpoints'],
    tokenExpiration: text('token-expiration'),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(settings, { [key]: value });
  }
  if (settings.tokenExpiration !== undefined && !/^\d+$/.test(settings.tokenExpiration)) {
    throw new SettingsError(
      `setting token-expiration of app ${app} is "${settings.tokenExpiration}"; give whole seconds`,
    );
  }
  return settings;
}

function spec(name: string): SettingSpec {
  return SETTINGS.find((candidate) => candidate.parameter === name)!;
}

function missing(name: string, app: string): SettingsError {
  const env = spec(name).env;
  return new SettingsError(
    `setting ${name} is required for app ${app || '(unnamed)'}: add a "${name}" parameter or ${env} to spec.source.plugin.env`,
  );
}

/** A list setting: a parameter array, or an env value with one entry per line or comma. */
function list(value: RawValue | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  return value
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Parses ARGOCD_APP_PARAMETERS; missing, `null` and `[]` all mean no parameters. */
function readParameters(
  json: string | undefined,
  app: string,
  warnings: string[],
): Map<string, RawValue> {
  const parameters = new Map<string, RawValue>();
  if (json === undefined || json.trim() === '') return parameters;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new SettingsError(
      `ARGOCD_APP_PARAMETERS of app ${app} is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (parsed === null) return parameters;
  if (!Array.isArray(parsed)) {
    throw new SettingsError(`ARGOCD_APP_PARAMETERS of app ${app} is not a JSON list of parameters`);
  }
  for (const entry of parsed) {
    const name = (entry as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') continue;
    if (!SETTINGS.some((candidate) => candidate.parameter === name)) {
      warnings.push(`parameter "${name}" is not an aoa-iam setting; ignored`);
      continue;
    }
    const { string, array } = entry as { string?: unknown; array?: unknown };
    if (typeof string === 'string') parameters.set(name, string);
    else if (Array.isArray(array)) parameters.set(name, array.map(String));
  }
  return parameters;
}

/**
 * `ARGOCD_ENV_aoa_iam_environment` is not `…AOA_IAM_ENVIRONMENT`: say so instead of ignoring it
 * silently.
 */
function warnNearMisses(env: NodeJS.ProcessEnv, warnings: string[]): void {
  for (const key of Object.keys(env)) {
    if (!key.startsWith('ARGOCD_ENV_')) continue;
    const name = key.slice('ARGOCD_ENV_'.length);
    const match = SETTINGS.find((candidate) => candidate.env.toUpperCase() === name.toUpperCase());
    if (match && match.env !== name) {
      warnings.push(`${key} is not read: setting names are case-sensitive, use ${match.env}`);
    }
  }
}
