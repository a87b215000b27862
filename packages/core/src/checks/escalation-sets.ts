/**
 * The known ways a holder of IAM permissions raises its own or another principal's
 * privileges. Each set is a conjunction of steps; a step is satisfied by any one of
 * its actions. `broad` steps count only on resources written with a wildcard (or
 * `"*"`, or NotResource): passing or assuming one named role is a design, passing
 * any role is an escalation.
 */
export interface EscalationStep {
  anyOf: readonly string[];
  broad: boolean;
}

export interface EscalationSet {
  /** Rule id of the finding. */
  rule: string;
  steps: readonly EscalationStep[];
  /** Why the combination escalates, completing "…because". */
  why: string;
}

/** Services that start code with a role passed to them (`iam:PassRole` targets). */
export const CODE_RUNNING_ACTIONS = [
  'lambda:CreateFunction',
  'lambda:UpdateFunctionConfiguration',
  'ec2:RunInstances',
  'ecs:RunTask',
  'ecs:StartTask',
  'ecs:RegisterTaskDefinition',
  'ecs:CreateService',
  'glue:CreateDevEndpoint',
  'glue:CreateJob',
  'glue:UpdateJob',
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'codebuild:CreateProject',
  'codebuild:UpdateProject',
  'sagemaker:CreateNotebookInstance',
  'sagemaker:CreateTrainingJob',
  'sagemaker:CreateProcessingJob',
  'datapipeline:CreatePipeline',
  'states:CreateStateMachine',
  'batch:SubmitJob',
  'eks:CreateNodegroup',
  'apprunner:CreateService',
];

export const ESCALATION_SETS: readonly EscalationSet[] = [
  {
    rule: 'escalation.passrole-compute',
    steps: [
      { anyOf: ['iam:PassRole'], broad: true },
      { anyOf: CODE_RUNNING_ACTIONS, broad: false },
    ],
    why: 'code the holder starts runs with whichever role it passes, including one more privileged than its own',
  },
  {
    rule: 'escalation.policy-version',
    steps: [{ anyOf: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], broad: false }],
    why: 'the holder can rewrite (or roll back) what a managed policy grants, including a policy attached to itself',
  },
  {
    rule: 'escalation.attach-policy',
    steps: [
      {
        anyOf: ['iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:AttachGroupPolicy'],
        broad: false,
      },
    ],
    why: 'the holder can attach AdministratorAccess to itself or another principal',
  },
  {
    rule: 'escalation.put-inline-policy',
    steps: [
      { anyOf: ['iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:PutGroupPolicy'], broad: false },
    ],
    why: 'the holder can write any permission into an inline policy, including its own',
  },
  {
    rule: 'escalation.update-trust',
    steps: [{ anyOf: ['iam:UpdateAssumeRolePolicy'], broad: false }],
    why: 'the holder can make a role trust itself and then assume it',
  },
  {
    rule: 'escalation.credentials',
    steps: [
      {
        anyOf: ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
        broad: false,
      },
    ],
    why: 'the holder can mint keys or a console password for another user and act as that user',
  },
  {
    rule: 'escalation.group-membership',
    steps: [{ anyOf: ['iam:AddUserToGroup'], broad: false }],
    why: 'the holder can add a user it controls to a more privileged group',
  },
  {
    rule: 'escalation.boundary-removal',
    steps: [
      {
        anyOf: ['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'],
        broad: false,
      },
    ],
    why: 'the holder can lift the permissions boundary that caps every aoa-iam role',
  },
  {
    rule: 'escalation.assume-any-role',
    steps: [{ anyOf: ['sts:AssumeRole'], broad: true }],
    why: 'the holder reaches every role whose trust policy admits this account',
  },
  {
    rule: 'escalation.update-function-code',
    steps: [{ anyOf: ['lambda:UpdateFunctionCode'], broad: true }],
    why: "the holder's code then runs with each function's own role",
  },
  {
    rule: 'escalation.run-on-instances',
    steps: [{ anyOf: ['ssm:SendCommand', 'ssm:StartSession'], broad: true }],
    why: "the holder's commands then run with each instance's role",
  },
];
