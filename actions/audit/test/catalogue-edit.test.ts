import { describe, expect, it } from 'vitest';
import { removeYamlNodes } from '../src/catalogue-edit.js';

const SOURCE = `# The platform catalogue.
version: aoa-iam/v1
apps:
  payments-api:
    namespace: payments # where it runs
    grants:
      production:
        api: [read-metrics, store-receipts]
    temporary:
      # INC-1: rotate the token.
      - identity: api
        environment: production
        capabilities: [rotate-token]
        expires: 2026-01-01T00:00:00Z
        reason: "INC-1"
      - identity: api
        environment: staging
        capabilities: [rotate-token]
        expires: 2026-01-02T00:00:00Z
        reason: INC-2
`;

describe('removing expired grants from the catalogue YAML', () => {
  it('removes only the grant item and keeps every comment, quote and flow list', () => {
    const edited = removeYamlNodes(SOURCE, ['/apps/payments-api/temporary/0']);
    expect(edited).toBe(`# The platform catalogue.
version: aoa-iam/v1
apps:
  payments-api:
    namespace: payments # where it runs
    grants:
      production:
        api: [read-metrics, store-receipts]
    temporary:
      - identity: api
        environment: staging
        capabilities: [rotate-token]
        expires: 2026-01-02T00:00:00Z
        reason: INC-2
`);
  });

  it('drops the temporary list when its last grant goes', () => {
    const edited = removeYamlNodes(SOURCE, [
      '/apps/payments-api/temporary/0',
      '/apps/payments-api/temporary/1',
    ]);
    expect(edited).not.toContain('temporary');
    expect(edited).toContain('namespace: payments # where it runs');
  });

  it('refuses a pointer to a node that is not there', () => {
    expect(() => removeYamlNodes(SOURCE, ['/apps/payments-api/temporary/5'])).toThrow(
      'the catalogue has no node at /apps/payments-api/temporary/5',
    );
  });
});

describe('removing the last grant of an indentless list', () => {
  it('removes the key with its dashes and leaves the next key alone', () => {
    const source = 'app:\n  temporary:\n  - identity: api\n    reason: x\n  namespace: n\n';
    expect(removeYamlNodes(source, ['/app/temporary/0'])).toBe('app:\n  namespace: n\n');
  });
});
