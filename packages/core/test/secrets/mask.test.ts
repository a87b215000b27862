import { describe, expect, it } from 'vitest';
import { containsSecret, MASK, maskSecrets, registerSecrets } from '../../src/secrets/mask.js';

// Shapes only: none of these is a real credential.
const ACCESS_KEY_ID = `AKIA${'Q'.repeat(16)}`;
const TEMPORARY_KEY_ID = `ASIA${'Z7'.repeat(8)}`;
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz0000EXAMPLE'.slice(0, 40);
const JWT = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUifQ.${'s'.repeat(40)}`;
const GITHUB_TOKEN = `ghs_${'a1B2'.repeat(9)}`;
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjE${'x'.repeat(120)}`;

describe('masking secrets before anything prints them (invariant 6)', () => {
  it.each([
    ['an access key id', `key ${ACCESS_KEY_ID} was used`, `key ${MASK} was used`],
    ['a temporary access key id', `key=${TEMPORARY_KEY_ID}`, `key=${MASK}`],
    [
      'a secret access key after its name',
      `aws_secret_access_key = ${SECRET_KEY}`,
      `aws_secret_access_key = ${MASK}`,
    ],
    [
      'a secret access key in JSON',
      `{"SecretAccessKey":"${SECRET_KEY}"}`,
      `{"SecretAccessKey":"${MASK}"}`,
    ],
    ['an OIDC token', `token ${JWT} rejected`, `token ${MASK} rejected`],
    ['a GitHub token', `Authorization: token ${GITHUB_TOKEN}`, `Authorization: token ${MASK}`],
    [
      'an AWS session token',
      `X-Amz-Security-Token: ${SESSION_TOKEN}`,
      `X-Amz-Security-Token: ${MASK}`,
    ],
  ])('masks %s', (_, text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
    expect(containsSecret(text)).toBe(true);
  });

  it('leaves role ARNs, role ids and account ids readable', () => {
    const text =
      'arn:aws:iam::222222222222:role/aoa-iam/platform/payments-api-production-api AROAEXAMPLEROLEID1234';
    expect(maskSecrets(text)).toBe(text);
    expect(containsSecret(text)).toBe(false);
  });
});

describe('masking what the caller says is secret', () => {
  it('masks a registered token and its base64 form, as a checkout writes it into .git/config', () => {
    const token = 'ghs_registeredButNotTokenShaped';
    registerSecrets([token, undefined, 'short']);
    const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
    expect(maskSecrets(`token ${token} used`)).toBe(`token ${MASK} used`);
    for (const prefix of ['', 'a', 'ab', 'x-access-token:']) {
      const encoded = Buffer.from(`${prefix}${token}`).toString('base64');
      expect(maskSecrets(encoded)).toContain(MASK);
      // What survives is the prefix's own characters, the mask and the padding.
      expect(maskSecrets(encoded).length).toBeLessThanOrEqual(
        Math.ceil((prefix.length * 4) / 3) + MASK.length + 4,
      );
    }
    expect(maskSecrets('a short word')).toBe('a short word');
    expect(maskSecrets(header)).not.toContain(Buffer.from(token).toString('base64').slice(0, 20));
  });

  it('masks a bare secret access key but not a git object id', () => {
    expect(maskSecrets(`parent ${SECRET_KEY} here`)).toBe(`parent ${MASK} here`);
    const commit = 'a3f1c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2';
    expect(maskSecrets(`at ${commit}`)).toBe(`at ${commit}`);
  });
});
