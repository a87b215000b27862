import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';

/**
 * How to reach AWS. With no endpoint the SDK's default chain decides
 * (credentials from the environment, profile, SSO or instance role; the
 * partition's public endpoints). Tests always give an endpoint on 127.0.0.1.
 */
export interface AwsConnection {
  /** Region for STS and CloudTrail; IAM is global but signs with it too. */
  region: string;
  /** One endpoint for IAM, STS and CloudTrail, e.g. `http://127.0.0.1:4566`. */
  endpoint?: string;
  /** Attempts per call inside the SDK (adaptive retry mode). Default 6. */
  maxAttempts?: number;
  /** Give up on an answer after this long, in milliseconds. Default 30,000. */
  requestTimeoutMs?: number;
}

/** The SDK clients one run uses, sharing the adaptive retry's rate limiter per service. */
export interface AwsClients {
  iam: IAMClient;
  sts: STSClient;
  cloudtrail: CloudTrailClient;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/** Default attempts per SDK call; aoa-iam retries again above the SDK for throttling and 5xx. */
export const SDK_MAX_ATTEMPTS = 6;
/** Default time to wait for one answer. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Creates the IAM, STS and CloudTrail clients. Adaptive retry makes the SDK
 * slow its own sending rate when IAM throttles, which is what keeps a large
 * apply close to the account's write rate instead of storming it.
 */
export function createAwsClients(connection: AwsConnection): AwsClients {
  const common = {
    region: connection.region,
    retryMode: 'adaptive' as const,
    maxAttempts: connection.maxAttempts ?? SDK_MAX_ATTEMPTS,
    requestHandler: {
      requestTimeout: connection.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      connectionTimeout: 5_000,
    },
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
  };
  const iam = new IAMClient(common);
  const sts = new STSClient(common);
  const cloudtrail = new CloudTrailClient(common);
  return {
    iam,
    sts,
    cloudtrail,
    destroy() {
      iam.destroy();
      sts.destroy();
      cloudtrail.destroy();
    },
  };
}
