import { describe, expect, it } from 'vitest';
import { CST, Parser } from 'yaml';
import { scanDocumentSpans } from '../../src/render/document-spans.js';

// The stream scanner must find exactly the documents the yaml package's parser
// finds; it only keeps a `...` end marker with its document, where the CST has
// a separate token for it.
function parserSpans(text: string): number[][] {
  return [...new Parser().parse(text)]
    .filter((token) => token.type === 'document')
    .map((token) => [token.offset, token.offset + CST.stringify(token).length]);
}

function scannerSpans(text: string): number[][] {
  return scanDocumentSpans(text).map((span) => {
    const end = text.slice(span.markerStart, span.end).replace(/\.\.\.[ \t]*(?:#[^\n]*)?\n?$/, '');
    return [span.markerStart, span.markerStart + end.length];
  });
}

describe('scanDocumentSpans', () => {
  it.each([
    ['a quoted scalar with a --- line', 'a: "x\n---\ny"\n'],
    ['a flow sequence with a --- line', 'a: [1,\n--- \n2]\n'],
    ['an indented --- in a block scalar', 'a: |\n  x\n  ---\nb: 1\n---\nc: 2\n'],
    [
      'a certificate in a literal block',
      'ca: |\n  -----BEGIN CERTIFICATE-----\n  MIIB\n  -----END CERTIFICATE-----\n',
    ],
    ['directives and end markers', '%YAML 1.2\n---\na: 1\n...\n# c\n---\nb: 2\n'],
    ['content on the marker line', 'a: 1\n--- |\n  text\n--- >-\n  folded\n...\n'],
    ['a document after an end marker', 'a: 1\n...\nb: 2\n'],
    ['comments only', '# only\n\n# more\n'],
    ['empty documents', '---\n---\n\n---\n# c\n'],
  ])('agrees with the yaml parser on %s', (_name, text) => {
    expect(scannerSpans(text)).toEqual(parserSpans(text));
  });

  it('reads the top-level kind only from a block map that states it once', () => {
    const kinds = scanDocumentSpans(
      'kind: ServiceAccount\n---\nkind: "Quoted"\n---\n- kind: Item\n---\nkind: A\nkind: B\n---\n{"kind": "Json"}\n',
    ).map((span) => span.kind);

    expect(kinds).toEqual(['ServiceAccount', undefined, undefined, undefined, undefined]);
  });
});
