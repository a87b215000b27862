/**
 * The state of one emulated AWS account: roles with their policies, tags,
 * boundary and instance profiles, managed policies, and the limits IAM
 * enforces on them. Tests seed it directly to set up what "someone else" did.
 */

/** IAM's documented quotas and formats, as named constants the emulator enforces. */
export const IAM_LIMITS = {
  roleNameLength: 64,
  pathLength: 512,
  tagsPerRole: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  /** Aggregate inline policy size per role, whitespace not counted. */
  inlinePolicyBytesPerRole: 10_240,
  /** Default quota for a role trust policy (adjustable to 4,096 in real accounts). */
  trustPolicyLength: 2_048,
  managedPoliciesPerRole: 10,
  descriptionLength: 1_000,
  minSessionSeconds: 3_600,
  maxSessionSeconds: 43_200,
  /** Default roles-per-account quota; tests and the bench raise it. */
  rolesPerAccount: 1_000,
} as const;

const NAME_PATTERN = /^[\w+=,.@-]+$/;

/** An IAM error as the emulator answers it: code, HTTP status and message. */
export class IamError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One role as the emulator holds it. Documents are kept exactly as written (decoded JSON text). */
export interface EmulatedRole {
  name: string;
  path: string;
  id: string;
  arn: string;
  created: Date;
  trustPolicy: string;
  description?: string;
  maxSessionSeconds: number;
  boundary?: string;
  /** Insertion-ordered, as IAM lists them. */
  tags: Map<string, string>;
  inlinePolicies: Map<string, string>;
  /** Managed policy ARN → name. */
  attached: Map<string, string>;
  instanceProfiles: Set<string>;
  lastUsed?: { date: Date; region: string };
  /** Epoch ms before which reads do not see this role (eventual consistency). */
  visibleAt: number;
}

/** What a test may set when seeding a role; everything else gets IAM's defaults. */
export interface RoleSeed {
  name: string;
  path?: string;
  trustPolicy: string | object;
  description?: string;
  maxSessionSeconds?: number;
  boundary?: string;
  tags?: Record<string, string>;
  inlinePolicies?: Record<string, string | object>;
  attached?: string[];
  instanceProfiles?: string[];
  lastUsed?: { date: Date; region: string };
  created?: Date;
}

/** One emulated account: its id and everything IAM holds in it. */
export class EmulatedAccount {
  readonly roles = new Map<string, EmulatedRole>();
  /** Managed policy ARN → name. Boundaries and attachments must name one of these. */
  readonly managedPolicies = new Map<string, string>();
  /** Instance profile name → role names in it. */
  readonly instanceProfiles = new Map<string, Set<string>>();
  /** Role name → service namespace → last use, for service-last-accessed answers. */
  readonly serviceUse = new Map<string, Map<string, Date>>();
  rolesLimit: number = IAM_LIMITS.rolesPerAccount;
  private nextId = 1;

  constructor(
    readonly accountId: string,
    readonly partition = 'aws',
  ) {}

  /** Creates a managed policy (a boundary, or something to attach) and returns its ARN. */
  addManagedPolicy(name: string): string {
    const arn = `arn:${this.partition}:iam::${this.accountId}:policy/${name}`;
    this.managedPolicies.set(arn, name);
    return arn;
  }

  /** Creates a role directly, as another tool or a person would have, bypassing faults. */
  seedRole(seed: RoleSeed): EmulatedRole {
    const role = this.createRole({
      name: seed.name,
      path: seed.path ?? '/',
      trustPolicy: text(seed.trustPolicy),
      description: seed.description,
      maxSessionSeconds: seed.maxSessionSeconds ?? IAM_LIMITS.minSessionSeconds,
      boundary: seed.boundary,
      tags: Object.entries(seed.tags ?? {}),
      visibleAt: 0,
    });
    if (seed.created) role.created = seed.created;
    for (const [name, document] of Object.entries(seed.inlinePolicies ?? {})) {
      role.inlinePolicies.set(name, text(document));
    }
    for (const arn of seed.attached ?? []) {
      role.attached.set(arn, arn.slice(arn.lastIndexOf('/') + 1));
    }
    for (const profile of seed.instanceProfiles ?? []) {
      role.instanceProfiles.add(profile);
      const members = this.instanceProfiles.get(profile) ?? new Set<string>();
      members.add(role.name);
      this.instanceProfiles.set(profile, members);
    }
    if (seed.lastUsed) role.lastUsed = seed.lastUsed;
    return role;
  }

  /** CreateRole's semantics: validates, enforces uniqueness and limits, stores. */
  createRole(input: {
    name: string;
    path: string;
    trustPolicy: string;
    description?: string;
    maxSessionSeconds: number;
    boundary?: string;
    tags: Array<[string, string]>;
    visibleAt: number;
  }): EmulatedRole {
    checkName(input.name);
    checkPath(input.path);
    checkPolicy(input.trustPolicy, IAM_LIMITS.trustPolicyLength, 'AssumeRolePolicyDocument');
    checkSession(input.maxSessionSeconds);
    checkDescription(input.description);
    checkTags(input.tags);
    // IAM role names are unique case-insensitively within an account.
    for (const existing of this.roles.keys()) {
      if (existing.toLowerCase() === input.name.toLowerCase()) {
        throw new IamError(
          'EntityAlreadyExists',
          409,
          `Role with name ${input.name} already exists.`,
        );
      }
    }
    if (this.roles.size >= this.rolesLimit) {
      throw new IamError(
        'LimitExceeded',
        409,
        `Cannot exceed quota for RolesPerAccount: ${this.rolesLimit}`,
      );
    }
    if (input.boundary !== undefined) this.requireManagedPolicy(input.boundary);

    const id = `AROA${String(this.nextId++).padStart(17, '0')}`;
    const role: EmulatedRole = {
      name: input.name,
      path: input.path,
      id,
      arn: `arn:${this.partition}:iam::${this.accountId}:role${input.path}${input.name}`,
      created: new Date(),
      trustPolicy: input.trustPolicy,
      description: input.description,
      maxSessionSeconds: input.maxSessionSeconds,
      boundary: input.boundary,
      tags: new Map(input.tags),
      inlinePolicies: new Map(),
      attached: new Map(),
      instanceProfiles: new Set(),
      visibleAt: input.visibleAt,
    };
    this.roles.set(role.name, role);
    return role;
  }

  /** The role, or NoSuchEntity; a role still invisible counts as missing. */
  role(name: string, now = Date.now()): EmulatedRole {
    const role = this.roles.get(name);
    if (!role || role.visibleAt > now) {
      throw new IamError('NoSuchEntity', 404, `The role with name ${name} cannot be found.`);
    }
    return role;
  }

  /** Roles visible now, sorted by name as IAM lists them. */
  visibleRoles(now = Date.now()): EmulatedRole[] {
    return [...this.roles.values()]
      .filter((role) => role.visibleAt <= now)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  requireManagedPolicy(arn: string): void {
    if (!this.managedPolicies.has(arn)) {
      throw new IamError('NoSuchEntity', 404, `Policy ${arn} does not exist or is not attachable.`);
    }
  }

  /** PutRolePolicy's size check: the role's inline policies together, whitespace not counted. */
  checkInlineSize(role: EmulatedRole, name: string, document: string): void {
    checkPolicy(document, IAM_LIMITS.inlinePolicyBytesPerRole, 'PolicyDocument');
    let total = compactLength(document);
    for (const [other, body] of role.inlinePolicies) {
      if (other !== name) total += compactLength(body);
    }
    if (total > IAM_LIMITS.inlinePolicyBytesPerRole) {
      throw new IamError(
        'LimitExceeded',
        409,
        `Maximum policy size of ${IAM_LIMITS.inlinePolicyBytesPerRole} bytes exceeded for role ${role.name}`,
      );
    }
  }
}

/** TagsPerRole and the tag key and value lengths; `existing` counts tags already on the role. */
export function checkTags(tags: Array<[string, string]>, existing = 0): void {
  if (tags.length + existing > IAM_LIMITS.tagsPerRole) {
    throw new IamError(
      'LimitExceeded',
      409,
      `Cannot exceed quota for TagsPerRole: ${IAM_LIMITS.tagsPerRole}`,
    );
  }
  for (const [key, value] of tags) {
    if (key.length === 0 || key.length > IAM_LIMITS.tagKeyLength) {
      throw new IamError('InvalidInput', 400, `Tag key ${key} must be 1 to 128 characters.`);
    }
    if (value.length > IAM_LIMITS.tagValueLength) {
      throw new IamError('InvalidInput', 400, `Tag value for ${key} exceeds 256 characters.`);
    }
  }
}

/** MaxSessionDuration within IAM's 1–12 hour range. */
export function checkSession(seconds: number): void {
  if (
    !Number.isInteger(seconds) ||
    seconds < IAM_LIMITS.minSessionSeconds ||
    seconds > IAM_LIMITS.maxSessionSeconds
  ) {
    throw new IamError(
      'ValidationError',
      400,
      `1 validation error detected: Value '${seconds}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200`,
    );
  }
}

/** A role description of at most 1,000 characters. */
export function checkDescription(description: string | undefined): void {
  if (description !== undefined && description.length > IAM_LIMITS.descriptionLength) {
    throw new IamError('ValidationError', 400, 'Description must be at most 1000 characters.');
  }
}

/** MalformedPolicyDocument for anything that is not a JSON object with a Statement. */
export function checkPolicy(document: string, limit: number, field: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new IamError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  }
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed)) {
    throw new IamError('MalformedPolicyDocument', 400, 'Policy document must contain a Statement.');
  }
  if (compactLength(document) > limit) {
    throw new IamError('LimitExceeded', 409, `Cannot exceed quota for ${field}Size: ${limit}`);
  }
}

function checkName(name: string): void {
  if (name.length === 0 || name.length > IAM_LIMITS.roleNameLength || !NAME_PATTERN.test(name)) {
    throw new IamError(
      'ValidationError',
      400,
      `1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ and length 1-64`,
    );
  }
}

function checkPath(path: string): void {
  if (!path.startsWith('/') || !path.endsWith('/') || path.length > IAM_LIMITS.pathLength) {
    throw new IamError('ValidationError', 400, `Path ${path} must begin and end with /.`);
  }
}

/** IAM counts policy size without whitespace. */
function compactLength(document: string): number {
  return document.replace(/\s/g, '').length;
}

function text(document: string | object): string {
  return typeof document === 'string' ? document : JSON.stringify(document);
}
