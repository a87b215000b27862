/**
 * Service-last-accessed jobs of the emulator: a job completes at once and
 * reports every service named in the role's inline policies, used only where a
 * test marked it in `account.serviceUse`.
 */
import { IamError } from './account.js';
import { type Handler, required } from './params.js';

/** GenerateServiceLastAccessedDetails: starts a job that is complete at once. */
export const generateServiceLastAccessed: Handler = (params, context) => {
  const arn = required(params, 'Arn');
  const role = [...context.account.roles.values()].find((candidate) => candidate.arn === arn);
  if (!role) throw new IamError('NoSuchEntity', 404, `Entity ${arn} does not exist.`);
  const jobId = `job-${context.jobs.size + 1}`;
  context.jobs.set(jobId, role.name);
  return { JobId: jobId };
};

/** GetServiceLastAccessedDetails: the services of the job's role and their last use. */
export const getServiceLastAccessed: Handler = (params, context) => {
  const jobId = required(params, 'JobId');
  const roleName = context.jobs.get(jobId);
  if (!roleName) throw new IamError('NoSuchEntity', 404, `Job ${jobId} does not exist.`);
  const role = context.account.role(roleName, context.now);
  // The emulator reports every service named in the role's inline policies as
  // never accessed, except those a test marked used in `account.serviceUse`.
  const services = new Set<string>();
  for (const document of role.inlinePolicies.values()) {
    for (const match of document.matchAll(/"([a-z0-9-]+):[A-Za-z*]+"/g)) services.add(match[1]!);
  }
  const used = context.account.serviceUse.get(role.name) ?? new Map<string, Date>();
  return {
    JobStatus: 'COMPLETED',
    JobType: 'SERVICE_LEVEL',
    JobCreationDate: new Date(context.now),
    JobCompletionDate: new Date(context.now),
    ServicesLastAccessed: [...services].sort().map((namespace) => ({
      ServiceName: namespace,
      ServiceNamespace: namespace,
      LastAuthenticated: used.get(namespace),
      TotalAuthenticatedEntities: used.has(namespace) ? 1 : 0,
    })),
    IsTruncated: false,
  };
};
