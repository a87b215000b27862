import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type AjvDraft04 from 'ajv-draft-04';

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS whose module.exports is the class itself.
const Ajv = require('ajv-draft-04') as typeof AjvDraft04.default;

/**
 * Validates a SARIF log against the OASIS SARIF 2.1.0 JSON schema (draft-04), as
 * shipped in @microsoft/jest-sarif; returns ajv's error texts, empty when valid.
 */
export function sarifSchemaErrors(log: unknown): string[] {
  const schemaFile = path.join(
    path.dirname(require.resolve('@microsoft/jest-sarif/package.json')),
    'lib/schemas/sarif-2.1.0-rtm.5.json',
  );
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    validateFormats: false,
    // The published schema's language pattern is not valid with the u flag.
    unicodeRegExp: false,
  });
  const validate = ajv.compile(schema);
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
