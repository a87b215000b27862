// One measurement of the render benchmark, in its own Node process so that its
// peak memory (max RSS) is its own. Prints {seconds, maxRssBytes, outputBytes, engineSeconds} as JSON.
import { createReadStream, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { parseAllDocuments } from 'yaml';

const [mode, file, catalogue, app = 'bench', environment = 'staging'] = process.argv.slice(2);
const started = performance.now();
let outputBytes = 0;
let engineSeconds;

if (mode === 'aoa-iam') {
  // The CLI as a user runs it, stdin to stdout, minus Node's own start-up.
  const { main } = await import('../packages/cli/dist/main.js');
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      outputBytes += chunk.length;
      done();
    },
  });
  const stderr = new Writable({ write: (_chunk, _encoding, done) => done() });
  const code = await main({
    argv: ['render', '--catalogue', catalogue, '--environment', environment, '--app', app, '-'],
    cwd: process.cwd(),
    env: {},
    stdin: createReadStream(file),
    stdout,
    stderr,
    now: new Date(),
  });
  if (code !== 0) throw new Error(`aoa-iam render exited with ${code}`);
} else if (mode === 'prepared') {
  // Everything the CLI does before it renders: its modules loaded, the
  // catalogue loaded and compiled, stdin read the way it reads it. The
  // baseline of the render's own time and memory.
  await import('../packages/cli/dist/main.js');
  const core = await import('@aoa-iam/core');
  const loaded = await core.loadCatalogue(catalogue);
  const { roles } = core.compileCatalogue(loaded.catalogue, { now: new Date() });
  core.buildRenderScope(loaded.catalogue, roles, app, environment);
  const stream = createReadStream(file);
  stream.setEncoding('utf8');
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  outputBytes = chunks.join('').length;
} else if (mode === 'engine') {
  // The render engine alone, timed after the catalogue is compiled and the input read.
  const core = await import('@aoa-iam/core');
  const loaded = await core.loadCatalogue(catalogue);
  const { roles } = core.compileCatalogue(loaded.catalogue, { now: new Date() });
  const scope = core.buildRenderScope(loaded.catalogue, roles, app, environment);
  const text = readFileSync(file, 'utf8');
  const renderStarted = performance.now();
  const result = core.renderManifests([{ name: file, text }], { scope });
  engineSeconds = (performance.now() - renderStarted) / 1000;
  outputBytes = result.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
} else if (mode === 'yaml-roundtrip') {
  // The floor a naive rewriter pays: parse every document keeping comments, print it again.
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  outputBytes = documents.map((document) => document.toString()).join('').length;
} else {
  throw new Error(`unknown mode ${mode}`);
}

const seconds = (performance.now() - started) / 1000;
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ seconds, maxRssBytes, outputBytes, engineSeconds }));
