import { describe, expect, it } from 'vitest';
import { actionMatches, actionPatternContains } from '../../src/policy/action-pattern.js';
import {
  parseArn,
  resourceMatches,
  resourcePatternContains,
  resourcePatternsIntersect,
} from '../../src/policy/arn.js';
import { globContains, globsIntersect } from '../../src/policy/glob.js';
import { sharedIamData } from '../../src/policy/iam-data.js';
import { normalisePolicy } from '../../src/policy/normalise.js';
import { decideAccess } from '../../src/policy/statement-match.js';

const located = (policy: unknown) =>
  normalisePolicy(policy).Statement.map((statement, index) => ({ statement, origin: index }));

describe('case 3: one action matcher for every check', () => {
  // Given Allow ["s3:*Object", "S3:ListBucket"] and Deny "s3:deleteobject*"
  const statements = located({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:*Object', 'S3:ListBucket'], Resource: '*' },
      { Effect: 'Deny', Action: 's3:deleteobject*', Resource: '*' },
    ],
  });
  const decision = (action: string) => decideAccess(statements, action).decision;

  it('allows s3:GetObject, s3:PutObject and s3:listbucket, ignoring case in prefix and name', () => {
    expect(decision('s3:GetObject')).toBe('allowed');
    expect(decision('s3:PutObject')).toBe('allowed');
    expect(decision('s3:listbucket')).toBe('allowed');
  });

  it('denies s3:DeleteObject and s3:DeleteObjectVersion through the Deny', () => {
    expect(decision('s3:DeleteObject')).toBe('denied');
    expect(decision('s3:DeleteObjectVersion')).toBe('denied');
  });

  it('does not allow s3:GetObjectAcl: the whole name must match', () => {
    expect(decision('s3:GetObjectAcl')).toBe('not-allowed');
  });

  it('lets * match an empty run and ? exactly one character', () => {
    expect(actionMatches('s3:Get*Object', 's3:GetObject')).toBe(true);
    expect(actionMatches('s3:Get?bject', 's3:GetObject')).toBe(true);
    expect(actionMatches('s3:Get?Object', 's3:GetObject')).toBe(false);
    expect(actionMatches('IAM:passrole', 'iam:PassRole')).toBe(true);
  });

  it('keeps resources case-sensitive', () => {
    expect(resourceMatches('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/key')).toBe(false);
    expect(resourceMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/key')).toBe(true);
  });
});

describe('case 1: NotAction and NotResource mean "everything except"', () => {
  it('allows every action but the listed one under Allow + NotAction', () => {
    const statements = located({
      Statement: { Effect: 'Allow', NotAction: 'example:NoSuchAction', Resource: '*' },
    });
    expect(decideAccess(statements, 'iam:PutRolePolicy').decision).toBe('allowed');
    expect(decideAccess(statements, 'example:NoSuchAction').decision).toBe('not-allowed');
  });

  it('denies every action but the listed ones under Deny + NotAction', () => {
    const statements = located({
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' },
      ],
    });
    expect(decideAccess(statements, 's3:GetObject').decision).toBe('allowed');
    expect(decideAccess(statements, 's3:PutObject').decision).toBe('denied');
  });

  it('applies Allow + NotResource to every resource but the listed ones', () => {
    const statements = located({
      Statement: { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' },
    });
    expect(decideAccess(statements, 's3:GetObject', 'arn:aws:s3:::public/a').decision).toBe(
      'allowed',
    );
    expect(decideAccess(statements, 's3:GetObject', 'arn:aws:s3:::secret/a').decision).toBe(
      'not-allowed',
    );
  });

  it('applies Deny + NotResource to every resource but the listed ones', () => {
    const statements = located({
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::public/*' },
      ],
    });
    expect(decideAccess(statements, 's3:GetObject', 'arn:aws:s3:::public/a').decision).toBe(
      'allowed',
    );
    expect(decideAccess(statements, 's3:GetObject', 'arn:aws:s3:::other/a').decision).toBe(
      'denied',
    );
  });
});

describe('case 2: single strings and single statements are one-element lists', () => {
  it('normalises a single statement object and single strings to the array form', () => {
    const single = normalisePolicy({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    });
    const arrays = normalisePolicy({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }],
    });
    expect(single).toEqual(arrays);
    expect(single.Statement[0]!.Action).toEqual(['s3:GetObject']);
  });

  it('never iterates an action string letter by letter', () => {
    const statements = located({
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    });
    expect(decideAccess(statements, 's').decision).toBe('not-allowed');
    expect(decideAccess(statements, 's3:GetObject').decision).toBe('allowed');
  });
});

describe('wildcard containment and overlap', () => {
  it('decides containment on the patterns, wildcards included', () => {
    expect(globContains('s3:Get*', 's3:GetObject*')).toBe(true);
    expect(globContains('s3:Get*', 's3:*')).toBe(false);
    expect(globContains('a?c', 'a*c')).toBe(false);
    expect(globContains('a*c', 'a?c')).toBe(true);
    expect(actionPatternContains('S3:*', 's3:Get*')).toBe(true);
  });

  it('finds overlap between two patterns', () => {
    expect(globsIntersect('s3:Get*', 's3:*Object')).toBe(true);
    expect(globsIntersect('s3:Get*', 's3:Put*')).toBe(false);
  });

  it('contains resources field by field, so a region wildcard does not run into the account', () => {
    expect(
      resourcePatternContains(
        'arn:aws:logs:*:111111111111:log-group:/apps/*',
        'arn:aws:logs:eu-west-1:111111111111:log-group:/apps/x:*',
      ),
    ).toBe(true);
    expect(
      resourcePatternContains(
        'arn:aws:logs:*:111111111111:*',
        'arn:aws:logs:eu-west-1:222222222222:log-group:x',
      ),
    ).toBe(false);
  });

  it('understands every partition in ARNs', () => {
    for (const partition of [
      'aws',
      'aws-cn',
      'aws-us-gov',
      'aws-iso',
      'aws-iso-b',
      'aws-iso-e',
      'aws-iso-f',
      'aws-eusc',
    ]) {
      expect(parseArn(`arn:${partition}:s3:::bucket`)?.partition).toBe(partition);
      expect(resourcePatternsIntersect('arn:*:s3:::*', `arn:${partition}:s3:::bucket`)).toBe(true);
    }
    expect(resourceMatches('arn:aws:s3:::bucket', 'arn:aws-cn:s3:::bucket')).toBe(false);
  });

  it('reads IAM policy variables as "any value", not as catalogue placeholders', () => {
    expect(
      resourceMatches('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/alice/notes'),
    ).toBe(true);
  });
});

describe('IAM reference data', () => {
  const iam = sharedIamData();

  it('expands s3:*Object to the real s3 actions ending in Object', () => {
    const actions = iam.expand('s3:*Object').map((info) => info.action);
    expect(actions).toContain('s3:GetObject');
    expect(actions).toContain('s3:PutObject');
    expect(actions).not.toContain('s3:GetObjectAcl');
  });

  it('knows access levels, and reads "Permissions management, Write" as Permissions management', () => {
    expect(iam.action('s3:GetObject')?.accessLevel).toBe('Read');
    expect(iam.action('iam:PutRolePolicy')?.accessLevel).toBe('Permissions management');
    expect(iam.action('ec2:DescribeInstances')?.resourceTypes).toEqual([]);
  });
});
