// The catalogue's JSON Schema (draft-07). This module is the source; schema/catalogue.v1.json
// is written from it by scripts/write-schema.mjs for editors, and a test keeps the two equal.
// It lives in code, not only as a file, so bundled adapters (ncc) carry it without assets.

import { AWS_PARTITIONS } from '../policy/arn.js';

export const catalogueSchemaV1 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://aoa-iam.dev/schema/catalogue.v1.json',
  title: 'aoa-iam role catalogue, version 1',
  description:
    'Declares the capabilities, environments and child apps of an Argo CD App of Apps; every IAM role is derived from it.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'parent'],
  properties: {
    version: {
      description: 'Format marker. Always aoa-iam/v1 for this schema.',
      const: 'aoa-iam/v1',
    },
    parent: {
      description:
        'Argo CD name of the app whose repository path holds this catalogue. In a nested catalogue, the name of the app that points at it.',
      $ref: '#/definitions/name',
    },
    rolePath: {
      description:
        'IAM path of every derived role. Default /aoa-iam/<parent>/. Only in the root catalogue.',
      type: 'string',
      pattern: '^/([\\x21-\\x7E]+/)?$',
      maxLength: 512,
    },
    environments: {
      description:
        'AWS accounts the catalogue deploys to. Only in the root catalogue; nested catalogues inherit them.',
      type: 'object',
      propertyNames: {
        $ref: '#/definitions/name',
      },
      additionalProperties: {
        $ref: '#/definitions/environment',
      },
    },
    capabilities: {
      description:
        'Functional outcomes (deploy, read-metrics, rotate-token), never job titles, each with the IAM policy that achieves it.',
      type: 'object',
      propertyNames: {
        $ref: '#/definitions/name',
      },
      additionalProperties: {
        $ref: '#/definitions/capability',
      },
    },
    apps: {
      description: 'Child Argo CD Applications, by their Argo CD name.',
      type: 'object',
      propertyNames: {
        $ref: '#/definitions/name',
      },
      additionalProperties: {
        $ref: '#/definitions/app',
      },
    },
    exceptions: {
      description:
        'Findings this catalogue accepts on purpose. Each is shown in every report with its reason.',
      type: 'array',
      items: {
        $ref: '#/definitions/exception',
      },
    },
    review: {
      description: 'How privilege increases in a pull request are approved.',
      type: 'object',
    },
  },
  definitions: {
    name: {
      type: 'string',
      pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
      description:
        "Lower-case letters, digits and '-', at most 63 characters (an Argo CD / Kubernetes name).",
    },
    duration: {
      type: 'string',
      pattern: '^[1-9][0-9]*(s|m|h|d)$',
      description: 'A whole number and a unit: s, m, h or d (e.g. 1h, 90m, 7d).',
    },
    environment: {
      type: 'object',
      additionalProperties: false,
      required: ['account', 'region', 'boundary', 'providers'],
      properties: {
        account: {
          description: 'Twelve-digit AWS account id. Quote it so leading zeros survive.',
          type: 'string',
          pattern: '^[0-9]{12}$',
        },
        region: {
          type: 'string',
          pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$',
        },
        partition: {
          type: 'string',
          enum: AWS_PARTITIONS,
          default: 'aws',
        },
        boundary: {
          description:
            'ARN of the managed policy every role of this environment carries as its permissions boundary.',
          type: 'string',
          pattern: '^arn:[a-z-]+:iam::([0-9]{12}|aws):policy/[\\w+=,.@/-]+$',
        },
        maxSession: {
          description: 'Longest session of a derived role (IAM allows 1h to 12h). Default 1h.',
          $ref: '#/definitions/duration',
        },
        maxGrant: {
          description: 'Longest a temporary grant may last from the day it is written. Default 7d.',
          $ref: '#/definitions/duration',
        },
        providers: {
          description: 'Identity providers trusted in this account, by name.',
          type: 'object',
          minProperties: 1,
          propertyNames: {
            $ref: '#/definitions/name',
          },
          additionalProperties: {
            $ref: '#/definitions/provider',
          },
        },
      },
    },
    provider: {
      type: 'object',
      required: ['type'],
      properties: {
        type: {
          enum: ['eks-irsa', 'eks-pod-identity', 'github-actions', 'oidc'],
        },
      },
      allOf: [
        {
          if: {
            properties: {
              type: {
                const: 'eks-irsa',
              },
            },
          },
          then: {
            additionalProperties: false,
            required: ['issuer'],
            properties: {
              type: true,
              issuer: {
                $ref: '#/definitions/issuer',
              },
              cluster: {
                type: 'string',
                minLength: 1,
              },
            },
          },
        },
        {
          if: {
            properties: {
              type: {
                const: 'eks-pod-identity',
              },
            },
          },
          then: {
            additionalProperties: false,
            required: ['cluster'],
            properties: {
              type: true,
              cluster: {
                description: 'ARN of the EKS cluster whose pods may assume the role.',
                type: 'string',
                pattern: '^arn:[a-z-]+:eks:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9][A-Za-z0-9_-]*$',
              },
            },
          },
        },
        {
          if: {
            properties: {
              type: {
                const: 'github-actions',
              },
            },
          },
          then: {
            additionalProperties: false,
            properties: {
              type: true,
              issuer: {
                description:
                  'Default token.actions.githubusercontent.com; set for GitHub Enterprise Server or a custom enterprise issuer.',
                $ref: '#/definitions/issuer',
              },
            },
          },
        },
        {
          if: {
            properties: {
              type: {
                const: 'oidc',
              },
            },
          },
          then: {
            additionalProperties: false,
            required: ['issuer', 'audience'],
            properties: {
              type: true,
              issuer: {
                $ref: '#/definitions/issuer',
              },
              audience: {
                type: 'string',
                minLength: 1,
              },
            },
          },
        },
      ],
    },
    issuer: {
      description:
        'OIDC issuer as IAM names it: host and path, no https:// (e.g. oidc.eks.eu-west-1.amazonaws.com/id/ABC).',
      type: 'string',
      pattern: '^[a-z0-9.-]+\\.[a-z]{2,}(/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-])?$',
    },
    capability: {
      type: 'object',
      additionalProperties: false,
      properties: {
        description: {
          type: 'string',
        },
        policy: {
          $ref: '#/definitions/policyDocument',
        },
        policyFile: {
          description:
            "A JSON or YAML IAM policy file, relative to this catalogue; substitute maps the file's own placeholders to catalogue placeholders.",
          type: ['string', 'object'],
          minLength: 1,
          if: {
            type: 'object',
          },
          then: {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: {
              path: {
                type: 'string',
                minLength: 1,
              },
              substitute: {
                type: 'object',
                propertyNames: {
                  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
                },
                additionalProperties: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      oneOf: [
        {
          required: ['policy'],
        },
        {
          required: ['policyFile'],
        },
      ],
    },
    policyDocument: {
      description:
        "An IAM policy in AWS's own spelling. Single strings and single statements are accepted where AWS accepts them.",
      type: 'object',
      additionalProperties: false,
      required: ['Statement'],
      properties: {
        Version: {
          enum: ['2012-10-17', '2008-10-17'],
        },
        Id: {
          type: 'string',
        },
        Statement: {
          description: 'One statement or a list of them.',
          type: ['object', 'array'],
          minItems: 1,
          items: {
            $ref: '#/definitions/statement',
          },
          if: {
            type: 'object',
          },
          then: {
            $ref: '#/definitions/statement',
          },
        },
      },
    },
    stringOrList: {
      description: 'A string or a non-empty list of strings.',
      type: ['string', 'array'],
      minLength: 1,
      minItems: 1,
      items: {
        type: 'string',
        minLength: 1,
      },
    },
    statement: {
      type: 'object',
      additionalProperties: false,
      required: ['Effect'],
      properties: {
        Sid: {
          type: 'string',
          pattern: '^[A-Za-z0-9]*$',
        },
        Effect: {
          enum: ['Allow', 'Deny'],
        },
        Action: {
          $ref: '#/definitions/stringOrList',
        },
        NotAction: {
          $ref: '#/definitions/stringOrList',
        },
        Resource: {
          $ref: '#/definitions/stringOrList',
        },
        NotResource: {
          $ref: '#/definitions/stringOrList',
        },
        Condition: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: {
              type: ['string', 'boolean', 'number', 'array'],
              items: {
                type: ['string', 'boolean', 'number'],
              },
            },
          },
        },
      },
      oneOf: [
        {
          required: ['Action'],
        },
        {
          required: ['NotAction'],
        },
      ],
      allOf: [
        {
          oneOf: [
            {
              required: ['Resource'],
            },
            {
              required: ['NotResource'],
            },
          ],
        },
      ],
    },
    app: {
      type: 'object',
      additionalProperties: false,
      required: ['namespace'],
      properties: {
        description: {
          type: 'string',
        },
        namespace: {
          description:
            "Kubernetes namespace the app deploys to (its Application's destination namespace).",
          $ref: '#/definitions/name',
        },
        catalogue: {
          description:
            'This child is itself a parent: path of its own catalogue, relative to this file. It may only narrow what this catalogue grants to the child.',
          type: 'string',
          minLength: 1,
        },
        identities: {
          type: 'object',
          propertyNames: {
            $ref: '#/definitions/name',
          },
          additionalProperties: {
            $ref: '#/definitions/identity',
          },
        },
        grants: {
          description: 'environment \u2192 identity \u2192 capabilities.',
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: {
              type: 'array',
              items: {
                $ref: '#/definitions/name',
              },
            },
          },
        },
        temporary: {
          type: 'array',
          items: {
            $ref: '#/definitions/temporaryGrant',
          },
        },
      },
    },
    identity: {
      type: 'object',
      description: 'Exactly one of serviceAccount, github or oidc.',
      anyOf: [
        {
          required: ['serviceAccount'],
        },
        {
          required: ['github'],
        },
        {
          required: ['oidc'],
        },
      ],
      allOf: [
        {
          if: {
            required: ['serviceAccount'],
          },
          then: {
            additionalProperties: false,
            required: ['serviceAccount'],
            properties: {
              serviceAccount: {
                description: 'Kubernetes ServiceAccount name.',
                type: 'string',
                pattern: '^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$',
              },
              namespace: {
                description: "Defaults to the app's namespace.",
                $ref: '#/definitions/name',
              },
              provider: {
                description:
                  'Name of an eks-irsa or eks-pod-identity provider of each environment. Default eks.',
                $ref: '#/definitions/name',
              },
            },
          },
        },
        {
          if: {
            required: ['github'],
          },
          then: {
            additionalProperties: false,
            required: ['github'],
            properties: {
              github: {
                type: 'object',
                additionalProperties: false,
                required: ['repository'],
                properties: {
                  repository: {
                    type: 'string',
                    pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$',
                  },
                  branch: {
                    type: 'string',
                    minLength: 1,
                  },
                  tag: {
                    type: 'string',
                    minLength: 1,
                  },
                  environment: {
                    description: 'GitHub deployment environment; may use ${env}.',
                    type: 'string',
                    minLength: 1,
                  },
                  pullRequest: {
                    const: true,
                  },
                  immutable: {
                    description:
                      "The repository uses GitHub's immutable subject claims: owner and repository ids.",
                    type: 'object',
                    additionalProperties: false,
                    required: ['ownerId', 'repositoryId'],
                    properties: {
                      ownerId: {
                        type: 'string',
                        pattern: '^[0-9]+$',
                      },
                      repositoryId: {
                        type: 'string',
                        pattern: '^[0-9]+$',
                      },
                    },
                  },
                },
                oneOf: [
                  {
                    required: ['branch'],
                  },
                  {
                    required: ['tag'],
                  },
                  {
                    required: ['environment'],
                  },
                  {
                    required: ['pullRequest'],
                  },
                ],
              },
              provider: {
                description: 'Default github.',
                $ref: '#/definitions/name',
              },
            },
          },
        },
        {
          if: {
            required: ['oidc'],
          },
          then: {
            additionalProperties: false,
            required: ['oidc'],
            properties: {
              oidc: {
                type: 'object',
                additionalProperties: false,
                required: ['provider', 'subject'],
                properties: {
                  provider: {
                    $ref: '#/definitions/name',
                  },
                  subject: {
                    description: 'The exact sub claim, with no surrounding spaces.',
                    type: 'string',
                    pattern: '^\\S(.*\\S)?$',
                  },
                },
              },
            },
          },
        },
      ],
    },
    temporaryGrant: {
      type: 'object',
      additionalProperties: false,
      required: ['identity', 'environment', 'capabilities', 'expires', 'reason'],
      properties: {
        identity: {
          $ref: '#/definitions/name',
        },
        environment: {
          $ref: '#/definitions/name',
        },
        capabilities: {
          type: 'array',
          minItems: 1,
          items: {
            $ref: '#/definitions/name',
          },
        },
        expires: {
          description: 'UTC instant, e.g. 2026-12-31T18:00:00Z.',
          type: 'string',
          pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?Z$',
        },
        reason: {
          type: 'string',
          minLength: 10,
        },
      },
    },
    exception: {
      type: 'object',
      additionalProperties: false,
      required: ['rule', 'reason'],
      properties: {
        rule: {
          type: 'string',
          description:
            'A rule id such as isolation.shared-subject, or a prefix such as escalation.*',
          pattern: '^[a-z-]+(\\.[a-z-]+)*(\\.[a-z-]+|\\.\\*)$',
        },
        reason: {
          type: 'string',
          minLength: 10,
        },
        app: {
          $ref: '#/definitions/name',
        },
        environment: {
          $ref: '#/definitions/name',
        },
        identity: {
          $ref: '#/definitions/name',
        },
        capability: {
          $ref: '#/definitions/name',
        },
      },
    },
  },
} as const;
