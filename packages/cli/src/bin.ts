#!/usr/bin/env node
import { main } from './main.js';

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
