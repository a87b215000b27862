import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueSchemaV1 } from '../../src/catalogue/catalogue-schema.js';

const packageRoot = path.resolve(import.meta.dirname, '../..');

describe('the JSON Schema file editors use', () => {
  it('equals the schema the loader validates with', () => {
    const onDisk = JSON.parse(
      readFileSync(path.join(packageRoot, 'schema/catalogue.v1.json'), 'utf8'),
    );
    expect(onDisk).toEqual(catalogueSchemaV1);
  });

  it('is what the example catalogues point the YAML language server at', () => {
    const example = path.resolve(packageRoot, '../../examples/platform/aoa-iam.yaml');
    const modeline = /^# yaml-language-server: \$schema=(.+)$/m.exec(readFileSync(example, 'utf8'));
    expect(modeline).not.toBeNull();
    expect(path.resolve(path.dirname(example), modeline![1]!)).toBe(
      path.join(packageRoot, 'schema/catalogue.v1.json'),
    );
  });
});
