// The exported functions the GitHub Actions call: they return data, log through the
// logger they are given, and print nothing themselves.
import {
  applyEnvironment,
  auditEnvironment,
  type Logger,
  loadEnvironmentTarget,
  planEnvironment,
} from '@aoa-iam/aws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IamEmulator } from '../iam-emulator/index.js';
import { FAKE_KEY_ID, NOW, startEmulator, writeCatalogue } from './harness.js';

describe('@aoa-iam/aws as a library', () => {
  let emulator: IamEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await emulator.close();
  });

  it('plans and applies through an injected logger without printing, retrying throttled reads', async () => {
    const { target, findings } = await loadEnvironmentTarget({
      catalogueFile: writeCatalogue([{ name: 'alpha' }, { name: 'bravo' }]),
      environment: 'staging',
      now: new Date(NOW),
    });
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    const lines: string[] = [];
    const logger: Logger = {
      info: (message) => lines.push(`info ${message}`),
      warn: (message) => lines.push(`warn ${message}`),
      debug: (message) => lines.push(`debug ${message}`),
      progress: (done, total, item) => lines.push(`progress ${done}/${total} ${item}`),
    };
    const connection = {
      endpoint: emulator.url,
      credentials: { accessKeyId: FAKE_KEY_ID, secretAccessKey: 'library-test-secret' },
      maxAttempts: 1,
    };
    // The SDK's own Node 20 deprecation notice is Node's warning channel, not aoa-iam's output.
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    emulator.faults = { throttleEveryNth: 2 };

    const plan = await planEnvironment({ target: target!, now: new Date(NOW), connection, logger });
    emulator.faults = {};
    const { summary } = await applyEnvironment({
      target: target!,
      now: new Date(NOW),
      connection,
      logger,
    });
    const report = await auditEnvironment({
      target: target!,
      now: new Date(NOW),
      connection,
      logger,
    });

    expect(plan.changes.map((change) => `${change.action} ${change.role}`)).toEqual([
      'create alpha-staging-api',
      'create bravo-staging-api',
    ]);
    expect(summary).toMatchObject({ created: 2, failed: 0, writes: 4 });
    expect(report.missing).toEqual([]);
    expect(lines).toContain('progress 2/2 bravo-staging-api');
    expect(
      lines.some((line) => line.startsWith('debug GetAccountAuthorizationDetails: Throttling')),
    ).toBe(true);
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });
});
