import { describe, expect, it } from 'vitest';
import { canonicalPolicy, decodePolicyText, samePolicy } from '../src/compare/canonical-policy.js';

const BASE = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Principal: { Federated: ['arn:aws:iam::1:oidc-provider/x'] },
      Condition: {
        StringEquals: { 'x:aud': ['sts.amazonaws.com'], 'x:sub': ['system:serviceaccount:a:b'] },
      },
    },
  ],
};

// Given / then: each pair means the same or not.
const CASES: Array<{ name: string; live: unknown; same: boolean }> = [
  { name: 'identical', live: BASE, same: true },
  {
    name: 'a lone string for a one-element list, keys in another order',
    live: {
      Statement: {
        Condition: {
          StringEquals: { 'x:sub': 'system:serviceaccount:a:b', 'x:aud': 'sts.amazonaws.com' },
        },
        Principal: { Federated: 'arn:aws:iam::1:oidc-provider/x' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
      },
      Version: '2012-10-17',
    },
    same: true,
  },
  {
    name: 'URL-encoded as IAM answers',
    live: encodeURIComponent(JSON.stringify(BASE)),
    same: true,
  },
  {
    name: 'another subject',
    live: {
      ...BASE,
      Statement: [
        {
          ...BASE.Statement[0],
          Condition: {
            StringEquals: {
              'x:aud': ['sts.amazonaws.com'],
              'x:sub': ['system:serviceaccount:a:c'],
            },
          },
        },
      ],
    },
    same: false,
  },
  {
    name: 'an extra action',
    live: {
      ...BASE,
      Statement: [
        { ...BASE.Statement[0], Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'] },
      ],
    },
    same: false,
  },
  {
    name: 'Deny for Allow',
    live: { ...BASE, Statement: [{ ...BASE.Statement[0], Effect: 'Deny' }] },
    same: false,
  },
  { name: 'not JSON at all', live: 'not json', same: false },
];

describe('canonical policy comparison', () => {
  for (const { name, live, same } of CASES) {
    it(`${same ? 'equates' : 'tells apart'} ${name}`, () => {
      expect(samePolicy(live, BASE)).toBe(same);
    });
  }

  it('treats statements and set-like lists as sets, duplicates included', () => {
    const a = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:B', 's3:A', 's3:A'], Resource: '*' },
        { Effect: 'Deny', Action: 'x:Y', Resource: '*' },
      ],
    };
    const b = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Action: ['x:Y'], Resource: ['*'] },
        { Resource: ['*'], Action: ['s3:A', 's3:B'], Effect: 'Allow' },
      ],
    };
    expect(canonicalPolicy(a)).toBe(canonicalPolicy(b));
  });

  it('decodes URL-encoded text and leaves JSON and undecodable text alone', () => {
    expect(decodePolicyText('%7B%22a%22%3A1%7D')).toBe('{"a":1}');
    expect(decodePolicyText('{"a":"%41"}')).toBe('{"a":"%41"}');
    expect(decodePolicyText('%E0%A4%A')).toBe('%E0%A4%A');
  });
});
