// Entry of the bundle that argocd-cmp-server runs as the plugin's generate command.
import { run } from './run.js';

process.exitCode = await run({
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  now: new Date(),
});
