import { describe, expect, it } from 'vitest';
import {
  checkHardCodedCredentials,
  checkTrustConditions,
  type Finding,
  lintPolicy,
  normalisePolicy,
  sharedIamData,
  validateCatalogue,
} from '../../packages/core/src/index.js';
import { type CorpusCase, loadCorpus, writeCatalogueCase } from './load-corpus.js';

const NOW = new Date('2026-12-04T12:00:00Z');
/** The corpus must stay at least this large (issue 4). */
const MINIMUM_CASES = 60;

async function findingsOf(item: CorpusCase): Promise<Finding[]> {
  const site = () => ({
    document: normalisePolicy(item.input),
    locate: () => undefined,
    subject: {},
    label: item.name,
  });
  switch (item.kind) {
    case 'policy':
      return lintPolicy(site(), sharedIamData());
    case 'trust':
      return checkTrustConditions(site());
    case 'manifest':
      return checkHardCodedCredentials([{ file: 'manifest.yaml', text: item.text ?? '' }]);
    case 'catalogue': {
      const result = await validateCatalogue(writeCatalogueCase(item.files ?? {}), { now: NOW });
      return result.findings.filter((finding) => !finding.suppressed);
    }
  }
}

interface Outcome {
  item: CorpusCase;
  missed: string[];
  unexpected: Finding[];
}

const cases = loadCorpus();
const outcomes: Outcome[] = [];

describe('the labelled policy corpus', () => {
  it(`holds at least ${MINIMUM_CASES} cases, risky and safe`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(MINIMUM_CASES);
    expect(cases.filter((item) => item.label === 'safe').length).toBeGreaterThan(15);
    for (const item of cases) {
      if (item.label === 'risky') expect(item.expect.length, item.id).toBeGreaterThan(0);
      else expect(item.expect, item.id).toEqual([]);
    }
  });

  for (const item of cases) {
    it(`${item.label === 'risky' ? 'catches' : 'stays quiet on'} ${item.id}`, async () => {
      const findings = await findingsOf(item);
      const fired = new Set(findings.map((finding) => finding.rule));
      const allowed = new Set([...item.expect, ...item.tolerate]);
      const outcome: Outcome = {
        item,
        missed: item.expect.filter((rule) => !fired.has(rule)),
        // Notes inform; only warnings and errors count as false positives.
        unexpected: findings.filter(
          (finding) => finding.severity !== 'note' && !allowed.has(finding.rule),
        ),
      };
      outcomes.push(outcome);
      expect(outcome.missed).toEqual([]);
      expect(outcome.unexpected.map((finding) => `${finding.rule}: ${finding.message}`)).toEqual(
        [],
      );
    });
  }

  it('reaches 100 % recall with 0 false positives', () => {
    const risky = outcomes.filter((outcome) => outcome.item.label === 'risky');
    const caught = risky.filter((outcome) => outcome.missed.length === 0).length;
    const falsePositives = outcomes.reduce((sum, outcome) => sum + outcome.unexpected.length, 0);
    const recall = risky.length ? (100 * caught) / risky.length : 0;
    console.info(
      `policy corpus: ${outcomes.length} cases, recall ${recall.toFixed(1)} % (${caught}/${risky.length}), false positives ${falsePositives}`,
    );
    expect(outcomes.length).toBe(cases.length);
    expect(recall).toBe(100);
    expect(falsePositives).toBe(0);
  });
});
