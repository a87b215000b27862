import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';

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
  /** Credentials or a provider of them; default: the SDK's default credential chain. */
  credentials?: IAMClientConfig['credentials'];
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
 * The slowest the adaptive rate limiter may send, in calls a second. Left at
 * the SDK's default (0.5/s) a steady trickle of throttling answers that does
 * not depend on the rate (IAM throttles per account, shared with every other
 * caller) drives a run to a crawl; above this floor, the outer retry's
 * backoff takes over.
 */
export const MIN_SEND_RATE = 8;

/**
 * Creates the IAM, STS and CloudTrail clients. Adaptive retry makes the SDK
 * slow its own sending rate when IAM throttles, which is what keeps a large
 * apply close to the account's write rate instead of storming it.
 */
export function createAwsClients(connection: AwsConnection): AwsClients {
  const attempts = connection.maxAttempts ?? SDK_MAX_ATTEMPTS;
  // Each client gets its own strategy: the rate limiter learns one service's limits.
  const adaptive = () =>
    new AdaptiveRetryStrategy(attempts, {
      rateLimiter: new DefaultRateLimiter({ minFillRate: MIN_SEND_RATE }),
    });
  const common = {
    region: connection.region,
    requestHandler: {
      requestTimeout: connection.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      connectionTimeout: 5_000,
      // Without this the SDK only warns when an answer is late, and a lost answer stalls the run.
      throwOnRequestTimeout: true,
    },
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
  };
  const iam = new IAMClient({ ...common, retryStrategy: adaptive() });
  const sts = new STSClient({ ...common, retryStrategy: adaptive() });
  const cloudtrail = new CloudTrailClient({ ...common, retryStrategy: adaptive() });
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
