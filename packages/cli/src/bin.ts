#!/usr/bin/env node
// The AWS SDK warns on every run under Node < 22 that SDK releases after
// January 2027 will need Node 22. aoa-iam runs on Node 20 (see the README) with
// the SDK versions its lockfile pins, so the notice says nothing a user can act
// on. This is the SDK's documented switch for that one notice; the SDK reads it
// when a client is made, so it is set before main (and the SDK) is imported.
// A value the user set is kept.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('./main.js');

const exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  now: new Date(),
});
process.exitCode = exitCode;
