/**
 * IAM operations of the emulator, one handler per query-protocol Action. Each
 * takes the decoded form parameters and returns the `<ActionResult>` body.
 */
import {
  checkDescription,
  checkPolicy,
  checkSession,
  checkTags,
  type EmulatedRole,
  IAM_LIMITS,
  IamError,
} from './account.js';
import {
  type Handler,
  memberList,
  type OperationContext,
  page,
  required,
  tagList,
} from './params.js';
import { generateServiceLastAccessed, getServiceLastAccessed } from './service-last-accessed.js';
import type { XmlValue } from './xml.js';

/** Actions that change the account; the fault plan counts and rate-limits these. */
export const WRITE_ACTIONS = new Set([
  'CreateRole',
  'DeleteRole',
  'UpdateRole',
  'UpdateAssumeRolePolicy',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'TagRole',
  'UntagRole',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'RemoveRoleFromInstanceProfile',
]);

// IAM returns policy documents URL-encoded (RFC 3986). Whether AWS escapes
// exactly the set encodeURIComponent escapes is not documented; the product
// decodes generically, so tests do not depend on the exact set.
function encodePolicy(document: string): string {
  return encodeURIComponent(document);
}

/** The fields Role and RoleDetail share. */
function identityShape(role: EmulatedRole): Record<string, XmlValue> {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.created,
    AssumeRolePolicyDocument: encodePolicy(role.trustPolicy),
  };
}

function roleShape(role: EmulatedRole, detailed: boolean): Record<string, XmlValue> {
  return {
    ...identityShape(role),
    Description: role.description,
    MaxSessionDuration: role.maxSessionSeconds,
    // ListRoles leaves out boundary, tags and last use (documented); GetRole includes them.
    PermissionsBoundary: detailed ? boundaryShape(role) : undefined,
    Tags: detailed && role.tags.size > 0 ? tagsShape(role) : undefined,
    RoleLastUsed: detailed ? lastUsedShape(role) : undefined,
  };
}

function boundaryShape(role: EmulatedRole): XmlValue {
  return role.boundary
    ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.boundary }
    : undefined;
}

function instanceProfileShape(
  name: string,
  role: EmulatedRole,
  context: OperationContext,
): XmlValue {
  return {
    Path: '/',
    InstanceProfileName: name,
    InstanceProfileId: `AIPA${name.length.toString().padStart(17, '0')}`,
    Arn: `arn:${context.account.partition}:iam::${context.account.accountId}:instance-profile/${name}`,
    CreateDate: role.created,
    Roles: [roleShape(role, false)],
  };
}

function tagsShape(role: EmulatedRole): XmlValue[] {
  return [...role.tags].map(([Key, Value]) => ({ Key, Value }));
}

function lastUsedShape(role: EmulatedRole): XmlValue {
  return role.lastUsed ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region } : {};
}

function roleDetail(role: EmulatedRole, context: OperationContext): Record<string, XmlValue> {
  // RoleDetail has no MaxSessionDuration or Description: that is AWS's documented shape.
  return {
    ...identityShape(role),
    InstanceProfileList: [...role.instanceProfiles].map((name) =>
      instanceProfileShape(name, role, context),
    ),
    RolePolicyList: [...role.inlinePolicies].map(([PolicyName, document]) => ({
      PolicyName,
      PolicyDocument: encodePolicy(document),
    })),
    AttachedManagedPolicies: [...role.attached].map(([PolicyArn, PolicyName]) => ({
      PolicyName,
      PolicyArn,
    })),
    PermissionsBoundary: boundaryShape(role),
    Tags: tagsShape(role),
    RoleLastUsed: lastUsedShape(role),
  };
}

const handlers: Record<string, Handler> = {
  GetAccountAuthorizationDetails(params, context) {
    const filters = memberList(params, 'Filter');
    const roles =
      filters.length === 0 || filters.includes('Role')
        ? context.account.visibleRoles(context.now)
        : [];
    const { slice, IsTruncated, Marker } = page(roles, params);
    return {
      RoleDetailList: slice.map((role) => roleDetail(role, context)),
      IsTruncated,
      Marker,
    };
  },

  ListRoles(params, context) {
    const prefix = params.get('PathPrefix') ?? '/';
    const roles = context.account
      .visibleRoles(context.now)
      .filter((role) => role.path.startsWith(prefix));
    const { slice, IsTruncated, Marker } = page(roles, params);
    return { Roles: slice.map((role) => roleShape(role, false)), IsTruncated, Marker };
  },

  GetRole(params, context) {
    return {
      Role: roleShape(context.account.role(required(params, 'RoleName'), context.now), true),
    };
  },

  CreateRole(params, context) {
    const role = context.account.createRole({
      name: required(params, 'RoleName'),
      path: params.get('Path') ?? '/',
      trustPolicy: required(params, 'AssumeRolePolicyDocument'),
      description: params.get('Description') ?? undefined,
      maxSessionSeconds: Number(params.get('MaxSessionDuration') ?? IAM_LIMITS.minSessionSeconds),
      boundary: params.get('PermissionsBoundary') ?? undefined,
      tags: tagList(params),
      visibleAt: context.now + context.invisibleForMs,
    });
    return { Role: roleShape(role, true) };
  },

  UpdateRole(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const description = params.get('Description');
    const session = params.get('MaxSessionDuration');
    if (description !== null) {
      checkDescription(description);
      role.description = description;
    }
    if (session !== null) {
      checkSession(Number(session));
      role.maxSessionSeconds = Number(session);
    }
    return {};
  },

  UpdateAssumeRolePolicy(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const document = required(params, 'PolicyDocument');
    checkPolicy(document, IAM_LIMITS.trustPolicyLength, 'AssumeRolePolicyDocument');
    role.trustPolicy = document;
    return undefined;
  },

  PutRolePermissionsBoundary(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const arn = required(params, 'PermissionsBoundary');
    context.account.requireManagedPolicy(arn);
    role.boundary = arn;
    return undefined;
  },

  DeleteRolePermissionsBoundary(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    role.boundary = undefined;
    return undefined;
  },

  TagRole(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const tags = tagList(params);
    const added = tags.filter(([key]) => !role.tags.has(key)).length;
    checkTags(tags, role.tags.size + added - tags.length);
    for (const [key, value] of tags) role.tags.set(key, value);
    return undefined;
  },

  UntagRole(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    for (const key of memberList(params, 'TagKeys')) role.tags.delete(key);
    return undefined;
  },

  ListRoleTags(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const { slice, IsTruncated, Marker } = page(tagsShape(role), params);
    return { Tags: slice, IsTruncated, Marker };
  },

  PutRolePolicy(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const name = required(params, 'PolicyName');
    const document = required(params, 'PolicyDocument');
    context.account.checkInlineSize(role, name, document);
    role.inlinePolicies.set(name, document);
    return undefined;
  },

  GetRolePolicy(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const name = required(params, 'PolicyName');
    const document = role.inlinePolicies.get(name);
    if (document === undefined) {
      throw new IamError('NoSuchEntity', 404, `The role policy with name ${name} cannot be found.`);
    }
    return { RoleName: role.name, PolicyName: name, PolicyDocument: encodePolicy(document) };
  },

  DeleteRolePolicy(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const name = required(params, 'PolicyName');
    if (!role.inlinePolicies.delete(name)) {
      throw new IamError('NoSuchEntity', 404, `The role policy with name ${name} cannot be found.`);
    }
    return undefined;
  },

  ListRolePolicies(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const { slice, IsTruncated, Marker } = page([...role.inlinePolicies.keys()], params);
    return { PolicyNames: slice, IsTruncated, Marker };
  },

  AttachRolePolicy(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const arn = required(params, 'PolicyArn');
    context.account.requireManagedPolicy(arn);
    if (!role.attached.has(arn) && role.attached.size >= IAM_LIMITS.managedPoliciesPerRole) {
      throw new IamError('LimitExceeded', 409, 'Cannot exceed quota for PoliciesPerRole: 10');
    }
    role.attached.set(arn, context.account.managedPolicies.get(arn)!);
    return undefined;
  },

  DetachRolePolicy(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const arn = required(params, 'PolicyArn');
    if (!role.attached.delete(arn)) {
      throw new IamError('NoSuchEntity', 404, `Policy ${arn} was not found.`);
    }
    return undefined;
  },

  ListAttachedRolePolicies(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const attached = [...role.attached].map(([PolicyArn, PolicyName]) => ({
      PolicyArn,
      PolicyName,
    }));
    const { slice, IsTruncated, Marker } = page(attached, params);
    return { AttachedPolicies: slice, IsTruncated, Marker };
  },

  ListInstanceProfilesForRole(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const profiles = [...role.instanceProfiles].map((name) =>
      instanceProfileShape(name, role, context),
    );
    const { slice, IsTruncated, Marker } = page(profiles, params);
    return { InstanceProfiles: slice, IsTruncated, Marker };
  },

  RemoveRoleFromInstanceProfile(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    const profile = required(params, 'InstanceProfileName');
    if (!role.instanceProfiles.delete(profile)) {
      throw new IamError(
        'NoSuchEntity',
        404,
        `Instance profile ${profile} does not hold ${role.name}.`,
      );
    }
    context.account.instanceProfiles.get(profile)?.delete(role.name);
    return undefined;
  },

  DeleteRole(params, context) {
    const role = context.account.role(required(params, 'RoleName'), context.now);
    // IAM refuses while anything still hangs off the role (documented DeleteConflict).
    if (role.inlinePolicies.size > 0 || role.attached.size > 0 || role.instanceProfiles.size > 0) {
      throw new IamError(
        'DeleteConflict',
        409,
        'Cannot delete entity, must delete policies first.',
      );
    }
    context.account.roles.delete(role.name);
    return undefined;
  },

  GenerateServiceLastAccessedDetails: generateServiceLastAccessed,
  GetServiceLastAccessedDetails: getServiceLastAccessed,
};

/** Runs one IAM action, or throws InvalidAction for an action the emulator does not know. */
export function runIamAction(
  action: string,
  params: URLSearchParams,
  context: OperationContext,
): XmlValue | undefined {
  const handler = handlers[action];
  if (!handler) {
    throw new IamError(
      'InvalidAction',
      400,
      `Could not find operation ${action} for version 2010-05-08`,
    );
  }
  return handler(params, context);
}
