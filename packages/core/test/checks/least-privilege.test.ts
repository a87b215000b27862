import { describe, expect, it } from 'vitest';
import { lint, rules } from './lint-helpers.js';

const policy = (statement: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [statement],
});

describe('least-privilege findings name the value and the fix', () => {
  it('suggests the closest action for a misspelt one', () => {
    const [finding] = lint(
      policy({ Effect: 'Allow', Action: 's3:GetObjekt', Resource: 'arn:aws:s3:::b/*' }),
    );
    expect(finding!.rule).toBe('action.unknown-action');
    expect(finding!.message).toBe(
      'policy: "s3:GetObjekt" is not an action of s3. Did you mean "s3:GetObject"?',
    );
  });

  it('suggests the closest service for an unknown prefix', () => {
    const [finding] = lint(policy({ Effect: 'Allow', Action: 'dynamodbb:GetItem', Resource: '*' }));
    expect(finding!.message).toContain(
      'names service "dynamodbb", which AWS does not have. Did you mean "dynamodb"?',
    );
  });

  it('says what a wildcard expands to and how many actions that is', () => {
    const [finding] = lint(
      policy({ Effect: 'Allow', Action: 's3:*Object', Resource: 'arn:aws:s3:::b/*' }),
    );
    expect(finding!.rule).toBe('action.wildcard');
    expect(finding!.message).toMatch(
      /^policy: "s3:\*Object" expands to \d+ actions: .*s3:GetObject.*and to any action AWS adds later\.$/,
    );
  });

  it('names the write actions a Resource "*" grants everywhere, and stays quiet on Describe*', () => {
    const findings = lint(
      policy({
        Effect: 'Allow',
        Action: ['ec2:DescribeInstances', 'ec2:TerminateInstances'],
        Resource: '*',
      }),
    );
    expect(rules(findings)).toEqual(['resource.wildcard']);
    expect(findings[0]!.message).toBe(
      'policy: Resource "*" grants ec2:TerminateInstances on every resource, though it supports resource-level permissions.',
    );
  });

  it('names both parts of an escalation and why it escalates', () => {
    const findings = lint({
      Statement: [
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111111111111:role/*' },
        {
          Effect: 'Allow',
          Action: 'lambda:CreateFunction',
          Resource: 'arn:aws:lambda:eu-west-1:111111111111:function:app-*',
        },
      ],
    });
    const escalation = findings.find((finding) => finding.rule === 'escalation.passrole-compute');
    expect(escalation?.message).toBe(
      'policy can escalate privileges: iam:PassRole on arn:aws:iam::111111111111:role/* (policy, statement 0) together with lambda:CreateFunction on arn:aws:lambda:eu-west-1:111111111111:function:app-* (policy, statement 1); code the holder starts runs with whichever role it passes, including one more privileged than its own.',
    );
  });

  it('does not count a pass-role to one named role as an escalation', () => {
    const findings = lint({
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: 'arn:aws:iam::111111111111:role/app-node',
        },
        {
          Effect: 'Allow',
          Action: 'ec2:RunInstances',
          Resource: 'arn:aws:ec2:*:111111111111:instance/*',
        },
      ],
    });
    expect(rules(findings)).not.toContain('escalation.passrole-compute');
  });
});
