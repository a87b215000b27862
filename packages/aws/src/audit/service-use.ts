import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { sleep } from '../apply/retry-policy.js';
import type { LiveRole } from '../live/live-role.js';

/** How often and how long to poll a service-last-accessed job. */
export const SERVICE_JOB_POLL_MS = 1_000;
/** Polls before a job still in progress is given up on (about a minute). */
export const SERVICE_JOB_MAX_POLLS = 60;

/**
 * Services each role's policies allow and that IAM has never seen the role
 * authenticate to (within IAM's tracking period), from a service-last-accessed job per role.
 */
export async function readUnusedServices(
  iam: IAMClient,
  roles: readonly LiveRole[],
): Promise<Array<{ role: string; service: string }>> {
  const unused: Array<{ role: string; service: string }> = [];
  for (const role of roles) {
    const job = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: role.arn }));
    for (let poll = 0; poll < SERVICE_JOB_MAX_POLLS; poll++) {
      const details = await iam.send(
        new GetServiceLastAccessedDetailsCommand({ JobId: job.JobId }),
      );
      if (details.JobStatus === 'IN_PROGRESS') {
        await sleep(SERVICE_JOB_POLL_MS);
        continue;
      }
      if (details.JobStatus === 'FAILED') {
        throw new Error(
          `service-last-accessed job for ${role.name} failed: ${details.Error?.Message ?? ''}`,
        );
      }
      for (const service of details.ServicesLastAccessed ?? []) {
        if (!service.LastAuthenticated) {
          unused.push({ role: role.name, service: service.ServiceNamespace ?? '' });
        }
      }
      break;
    }
  }
  return unused;
}
