/**
 * An IAM, STS and CloudTrail emulator on 127.0.0.1 for tests and the bench.
 * The real AWS SDK clients talk to it: IAM and STS through the query protocol
 * (form-encoded POST, XML answers and errors), CloudTrail through JSON 1.1.
 * It counts calls per operation and injects the faults of {@link FaultPlan}.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatedAccount, IamError } from './account.js';
import { lookupEvents, TrailError, type TrailEvent } from './cloudtrail.js';
import { type FaultPlan, TokenBucket } from './faults.js';
import { runIamAction, WRITE_ACTIONS } from './iam-operations.js';
import { queryError, queryResponse, type XmlValue } from './xml.js';

const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const STS_VERSION = '2011-06-15';
/** CloudTrail documents LookupEvents at 2 requests a second per account and region. */
const LOOKUP_EVENTS_PER_SECOND = 2;

/** How to start an emulator. */
export interface EmulatorOptions {
  /** The account STS reports and ARNs carry. Default `111111111111`. */
  accountId?: string;
  /** When set, requests signed with another access key id get InvalidClientTokenId. */
  accessKeyId?: string;
  faults?: FaultPlan;
}

/** A running emulator. */
export interface IamEmulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  account: EmulatedAccount;
  /** Calls received per action (IAM and STS actions, `LookupEvents`), throttled ones included. */
  calls: Map<string, number>;
  /** Write actions carried out, in order. */
  writes: Array<{ action: string; role?: string }>;
  /** Most IAM write requests the emulator was handling at once since the last reset. */
  peakWritesInFlight(): number;
  /** CloudTrail events LookupEvents answers from. */
  trail: TrailEvent[];
  faults: FaultPlan;
  /** Clears call and write counts (and the fault counters) before the next step of a test. */
  resetCounts(): void;
  /** Sum of `calls` over IAM actions only. */
  iamCalls(): number;
  close(): Promise<void>;
}

/** Starts an emulator on an ephemeral 127.0.0.1 port. */
export async function startIamEmulator(options: EmulatorOptions = {}): Promise<IamEmulator> {
  const account = new EmulatedAccount(options.accountId ?? '111111111111');
  const calls = new Map<string, number>();
  const writes: Array<{ action: string; role?: string }> = [];
  const trail: TrailEvent[] = [];
  const jobs = new Map<string, string>();
  const lookupBucket = new TokenBucket(LOOKUP_EVENTS_PER_SECOND, LOOKUP_EVENTS_PER_SECOND);
  let faults: FaultPlan = options.faults ?? {};
  let writeBucket: TokenBucket | undefined;
  let bucketRate: number | undefined;
  let callCount = 0;
  let faultWrites = 0;
  let writesInFlight = 0;
  let peakWrites = 0;

  function bucketFor(rate: number | undefined): TokenBucket | undefined {
    if (rate !== bucketRate) {
      bucketRate = rate;
      writeBucket = rate === undefined ? undefined : new TokenBucket(rate, rate);
    }
    return writeBucket;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('CloudTrail_')) {
      handleTrail(target.slice(target.indexOf('.') + 1), body, response, randomUUID());
      return;
    }

    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    const counted = WRITE_ACTIONS.has(action);
    if (counted) {
      writesInFlight++;
      peakWrites = Math.max(peakWrites, writesInFlight);
    }
    try {
      await answerQuery(action, params, request, response);
    } finally {
      if (counted) writesInFlight--;
    }
  }

  async function answerQuery(
    action: string,
    params: URLSearchParams,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const requestId = randomUUID();
    if (faults.latencyMs) await sleep(faults.latencyMs);
    const isSts = params.get('Version') === STS_VERSION;
    const namespace = isSts ? STS_NAMESPACE : IAM_NAMESPACE;
    calls.set(action, (calls.get(action) ?? 0) + 1);
    callCount++;

    try {
      checkSignature(request);
      injectFaults(action);
      const result = isSts ? runSts(action) : runIam(action, params);
      const isWrite = !isSts && WRITE_ACTIONS.has(action);
      if (isWrite) {
        writes.push({ action, role: params.get('RoleName') ?? undefined });
        faultWrites++;
        faults.onWrite?.(action, params, faultWrites);
        if (shouldHang(action)) return;
        if (faults.crashAfterWrite !== undefined && faultWrites === faults.crashAfterWrite) {
          response.socket?.destroy();
          return;
        }
      }
      send(response, 200, 'text/xml', queryResponse(action, namespace, requestId, result));
    } catch (error) {
      if (!(error instanceof IamError)) throw error;
      const type = error.status >= 500 ? 'Receiver' : 'Sender';
      send(
        response,
        error.status,
        'text/xml',
        queryError(type, error.code, error.message, requestId),
      );
    }
  }

  function shouldHang(action: string): boolean {
    if (faults.hangAfterWrite === undefined) return false;
    if (faults.hangAction !== undefined && faults.hangAction !== action) return false;
    const count = faults.hangAction === undefined ? faultWrites : countOf(action);
    return count === faults.hangAfterWrite;
  }

  function countOf(action: string): number {
    return writes.filter((write) => write.action === action).length;
  }

  function checkSignature(request: IncomingMessage): void {
    if (options.accessKeyId === undefined) return;
    const header = String(request.headers.authorization ?? '');
    if (!header.includes(`Credential=${options.accessKeyId}/`)) {
      throw new IamError(
        'InvalidClientTokenId',
        403,
        'The security token included in the request is invalid.',
      );
    }
  }

  function injectFaults(action: string): void {
    if (faults.throttleEveryNth && callCount % faults.throttleEveryNth === 0) {
      throw new IamError('Throttling', 400, 'Rate exceeded');
    }
    if (WRITE_ACTIONS.has(action) && bucketFor(faults.writesPerSecond)?.take() === false) {
      throw new IamError('Throttling', 400, 'Rate exceeded');
    }
    if (faults.serverErrorEveryNth && callCount % faults.serverErrorEveryNth === 0) {
      throw new IamError('ServiceFailure', 500, faults.serverErrorMessage ?? 'Internal failure');
    }
  }

  function runSts(action: string): Record<string, XmlValue> {
    if (action !== 'GetCallerIdentity') {
      throw new IamError('InvalidAction', 400, `Could not find operation ${action}`);
    }
    return {
      UserId: 'AROAEMULATOR0000000001:aoa-iam-test',
      Account: account.accountId,
      Arn: `arn:${account.partition}:sts::${account.accountId}:assumed-role/deployer/aoa-iam-test`,
    };
  }

  function runIam(action: string, params: URLSearchParams): Record<string, XmlValue> | undefined {
    const context = { account, now: Date.now(), invisibleForMs: faults.invisibleForMs ?? 0, jobs };
    return runIamAction(action, params, context) as Record<string, XmlValue> | undefined;
  }

  function handleTrail(
    operation: string,
    body: string,
    response: ServerResponse,
    requestId: string,
  ): void {
    calls.set(operation, (calls.get(operation) ?? 0) + 1);
    try {
      if (operation !== 'LookupEvents') {
        throw new TrailError('UnknownOperationException', 400, `Unknown operation ${operation}`);
      }
      if (!lookupBucket.take()) throw new TrailError('ThrottlingException', 400, 'Rate exceeded');
      send(response, 200, 'application/x-amz-json-1.1', lookupEvents(trail, body), requestId);
    } catch (error) {
      if (!(error instanceof TrailError)) throw error;
      const answer = JSON.stringify({ __type: error.code, message: error.message });
      send(response, error.status, 'application/x-amz-json-1.1', answer, requestId);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, 'text/plain', `emulator bug: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    account,
    calls,
    writes,
    trail,
    get faults() {
      return faults;
    },
    set faults(plan: FaultPlan) {
      faults = plan;
      faultWrites = 0;
    },
    peakWritesInFlight() {
      return peakWrites;
    },
    resetCounts() {
      peakWrites = 0;
      calls.clear();
      writes.length = 0;
      callCount = 0;
      faultWrites = 0;
    },
    iamCalls() {
      let total = 0;
      for (const [action, count] of calls) {
        if (action !== 'GetCallerIdentity' && action !== 'LookupEvents') total += count;
      }
      return total;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  } as IamEmulator;
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  requestId: string = randomUUID(),
): void {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(status, {
    'content-type': type,
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
