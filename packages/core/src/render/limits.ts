/**
 * Limits of one render. Argo CD runs the plugin on every refresh of every app,
 * so hostile or broken input must be refused quickly and with bounded memory.
 */
export interface RenderLimits {
  /** Largest manifest stream, in bytes (all files of a folder together). */
  maxBytes: number;
  /** Most YAML documents in one stream, empty ones included. */
  maxDocuments: number;
  /** Deepest nesting of maps and lists in one document. */
  maxDepth: number;
  /**
   * Most nodes one document may expand to once every alias is followed. A real
   * manifest expands to about its own size; a "billion laughs" chain to billions.
   */
  maxAliasExpansion: number;
}

/**
 * Defaults: 64 MiB and 50,000 documents leave room for the largest rendered
 * charts (cert-manager's full install is 1.4 MB, 45 documents); Kubernetes
 * objects nest about 15 levels deep.
 */
export const DEFAULT_RENDER_LIMITS: Readonly<RenderLimits> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  maxDocuments: 50_000,
  maxDepth: 64,
  maxAliasExpansion: 100_000,
});
