import type { Exception, ProviderType, TemporaryGrant } from './model.js';

/* The catalogue's shapes as the JSON Schema admits them, before resolving. */
export type RawEnvironment = {
  account: string;
  region: string;
  partition?: string;
  boundary: string;
  maxSession?: string;
  maxGrant?: string;
  providers: Record<
    string,
    { type: ProviderType; issuer?: string; cluster?: string; audience?: string }
  >;
};
export type RawIdentity = {
  serviceAccount?: string;
  namespace?: string;
  provider?: string;
  github?: {
    repository: string;
    branch?: string;
    tag?: string;
    environment?: string;
    pullRequest?: true;
    immutable?: { ownerId: string; repositoryId: string };
  };
  oidc?: { provider: string; subject: string };
};
export type RawApp = {
  description?: string;
  namespace: string;
  catalogue?: string;
  identities?: Record<string, RawIdentity>;
  grants?: Record<string, Record<string, string[]>>;
  temporary?: Array<Omit<TemporaryGrant, 'pointer'>>;
};
export type RawCatalogue = {
  version: string;
  parent: string;
  rolePath?: string;
  environments?: Record<string, RawEnvironment>;
  capabilities?: Record<string, unknown>;
  apps?: Record<string, RawApp>;
  exceptions?: Array<Omit<Exception, 'pointer'>>;
  review?: unknown;
};
