// What the three aoa-iam actions share. The engine never imports this; only actions do.

export { actionMain } from './action-main.js';
export type { AnnotationElsewhere, AnnotationPlan } from './annotations.js';
export {
  ANNOTATION_LIMITS,
  emitAnnotations,
  planAnnotations,
  relativeToWorkspace,
} from './annotations.js';
export type { PullRequestRef, WorkflowEvent } from './event.js';
export { readWorkflowEvent, repoUrl, runUrl } from './event.js';
export type { GitHubClient, RepoRef } from './github-client.js';
export { currentRepo, describeApiError, gitHubClient } from './github-client.js';
export type { InputRule } from './inputs.js';
export {
  booleanInput,
  choiceInput,
  endpointInput,
  environmentInput,
  InputError,
  instantInput,
  integerInput,
  optionalInput,
  stringInput,
  workspacePathInput,
} from './inputs.js';
export { code, escapeHtml, markdownTable, text } from './markdown.js';
export { fail, info, registerSecrets, SECRET_ENV_VARIABLES, setOutputs, warn } from './masking.js';
export type { FittedMermaid } from './mermaid.js';
export { escapeQuotedLabels, fitMermaid, MERMAID_MAX_CHARS, mermaidLabel } from './mermaid.js';
export type { RunnerLogger } from './runner-logger.js';
export { runnerLogger } from './runner-logger.js';
export type { StickyIdentity, StickyResult } from './sticky-comment.js';
export {
  COMMENT_BUDGET,
  DEFAULT_BOT_LOGIN,
  stickyBody,
  upsertStickyComment,
} from './sticky-comment.js';
export type { StickyIssueContent, StickyIssueResult } from './sticky-issue.js';
export { upsertStickyIssue } from './sticky-issue.js';
export {
  BudgetedMarkdown,
  SUMMARY_BUDGET_BYTES,
  SUMMARY_LIMIT_BYTES,
  writeJobSummary,
} from './summary.js';
export type { FittedText } from './text-budget.js';
export { cutCodePoints, fitLines, utf8Length } from './text-budget.js';
