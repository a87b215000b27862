/** Catalogues generated for the validate action's limit tests. */

import { STAGING_ONLY_HEADER } from '../../shared/test/test-fixtures.js';

const HEADER = STAGING_ONLY_HEADER;

/** A capability whose resource is non-ASCII, so every line naming it is too. */
const CAPABILITIES = [
  'capabilities:',
  '  read-receipts:',
  '    description: Lire les reçus — 領収書を読む 🧾',
  '    policy:',
  '      Version: "2012-10-17"',
  '      Statement:',
  '        - Effect: Allow',
  '          Action: [s3:GetObject]',
  '          Resource: arn:${partition}:s3:::example-${env}-reçus/領収書/${app}/*',
];

/** `count` apps, each with one temporary grant that expired before 2026-12-04: `count` errors. */
export function expiredGrantsCatalogue(count: number): string {
  const lines = [...HEADER, ...CAPABILITIES, 'apps:'];
  for (let i = 0; i < count; i += 1) {
    lines.push(
      `  app-${String(i).padStart(2, '0')}:`,
      `    namespace: ns-${i}`,
      '    identities:',
      '      api:',
      '        serviceAccount: api',
      '    temporary:',
      '      - identity: api',
      '        environment: staging',
      '        capabilities: [read-receipts]',
      '        expires: 2026-11-20T00:00:00Z',
      `        reason: INC-${i} rotate the token`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `apps` apps with two identities each granted the capability: `2 × apps` roles. */
export function grantedCatalogue(apps: number, review = ''): string {
  const lines = [
    ...HEADER,
    ...CAPABILITIES,
    ...(review ? [review] : []),
    apps ? 'apps:' : 'apps: {}',
  ];
  for (let i = 0; i < apps; i += 1) {
    lines.push(
      `  app-${String(i).padStart(3, '0')}:`,
      `    namespace: ns-${i}`,
      '    identities:',
      '      api:',
      '        serviceAccount: api',
      '      worker:',
      '        serviceAccount: worker',
      '    grants:',
      '      staging:',
      '        api: [read-receipts]',
      '        worker: [read-receipts]',
    );
  }
  return `${lines.join('\n')}\n`;
}
