// Writes schema/catalogue.v1.json from the built schema module, for editors and
// the YAML language server. Run by `pnpm build`; a test fails if the file drifts.
import { writeFileSync } from 'node:fs';
import { catalogueSchemaV1 } from '../dist/catalogue/catalogue-schema.js';

const target = new URL('../schema/catalogue.v1.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(catalogueSchemaV1, null, 2)}\n`);
