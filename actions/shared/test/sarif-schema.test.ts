import { describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from './sarif-schema.js';

describe('the SARIF 2.1.0 schema check used by the action tests', () => {
  it('accepts a minimal valid log and rejects a result without a message', () => {
    const valid = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'aoa-iam' } }, results: [] }],
    };
    expect(sarifSchemaErrors(valid)).toEqual([]);
    const invalid = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'aoa-iam' } }, results: [{ ruleId: 'x' }] }],
    };
    expect(sarifSchemaErrors(invalid).join('\n')).toContain(
      "must have required property 'message'",
    );
  });
});
