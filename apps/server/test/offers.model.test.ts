import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Command } from 'commander';
import { CliError } from '../src/cli/api-keys.command.js';
import { registerOfferEvaluation } from '../src/cli/offers.command.js';
import type { CompleteJourney, JourneyLine } from '../src/modules/offers/complete-journey.js';
import { buildOfferModel } from '../src/modules/offers/offer-model.js';
import { tuneWeights } from '../src/modules/offers/weight-tuning.js';
import { sharedData } from './helpers/shared-data.js';

/**
 * The parts around the next-best-offer scorer: the statistics it reads, built from purchase lines; the guarantee
 * that weight tuning cannot see the test period; the command's input errors. The scorer itself and the evaluation
 * on Complete Journey are in offers.ranking.test.ts.
 */

const DATA = sharedData('completejourney');

describe('offer model from purchase lines', () => {
  test('counts buyers, histories, segments and similarity before the ranking day only', () => {
    const line = (memberId: string, item: string, day: string, discounted = false) => ({
      memberId,
      item,
      day,
      discounted,
    });
    const lines = [
      line('1', 'A', '2017-01-01', true),
      line('1', 'A', '2017-01-21'),
      line('1', 'B', '2017-01-05'),
      line('2', 'A', '2017-01-03'),
      line('2', 'B', '2017-01-04', true),
      line('3', 'C', '2017-01-10'),
      line('3', 'A', '2017-02-01'), // on the ranking day: ignored
    ];
    const { stats: s, profiles } = buildOfferModel(lines, {
      asOf: '2017-02-01',
      attributesOf: (id) =>
        id === '3' ? undefined : { tier: 'Gold', segments: [{ key: 'g', label: 'Gold' }] },
    });
    assert.equal(s.members, 3);
    assert.deepEqual(
      [...s.buyers],
      [
        ['A', 2],
        ['B', 2],
        ['C', 1],
      ],
    );
    assert.equal(s.breadth, 5 / 3);
    assert.deepEqual(profiles.get('1')?.history, [
      { item: 'A', count: 2, daysSinceLast: 11 },
      { item: 'B', count: 1, daysSinceLast: 27 },
    ]);
    assert.equal(profiles.get('1')?.tier, 'Gold');
    assert.equal(profiles.get('3')?.tier, undefined);
    assert.deepEqual(s.segments.get('g'), {
      members: 2,
      breadth: 2,
      buyers: new Map([
        ['A', 2],
        ['B', 2],
      ]),
    });
    // Both buyers of A bought B: 2 / (√(2·2) + 10).
    assert.deepEqual(s.neighbours.get('A'), [{ item: 'B', similarity: 2 / 12 }]);
    assert.deepEqual(s.neighbours.get('C'), []);
    assert.equal(s.meanDealShare, 2 / 6);
  });
});

describe('tuning never sees the test period', () => {
  /** A small deterministic purchase history over 2017: 60 households, 12 categories, habits plus noise. */
  function synthetic(): CompleteJourney {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const lines: JourneyLine[] = [];
    for (let h = 0; h < 60; h++) {
      const habit = `cat${h % 4}`;
      for (let n = 0; n < 40; n++) {
        const day = new Date(Date.UTC(2017, 0, 1 + Math.floor(random() * 365))).toISOString().slice(0, 10);
        const item = random() < 0.5 ? habit : `cat${Math.floor(random() * 12)}`;
        lines.push({ memberId: String(h), item, day, amount: 1 + random() * 9, discounted: random() < 0.4 });
      }
    }
    return { lines, demographics: new Map(), skipped: { unknownProduct: 0, noCategory: 0, notAPurchase: 0 } };
  }

  test('deleting or scrambling every line from the split date on leaves the chosen weights unchanged', () => {
    const data = synthetic();
    const tuned = tuneWeights(data, '2017-10-01', 3);
    assert.ok(tuned.households > 0);
    const trainOnly = { ...data, lines: data.lines.filter((l) => l.day < '2017-10-01') };
    const scrambled = {
      ...data,
      lines: data.lines.map((l) => (l.day < '2017-10-01' ? l : { ...l, item: 'cat11', memberId: '0' })),
    };
    assert.deepEqual(tuneWeights(trainOnly, '2017-10-01', 3), tuned);
    assert.deepEqual(tuneWeights(scrambled, '2017-10-01', 3), tuned);
  });
});

describe('analytics evaluate-offers command', () => {
  async function run(...args: string[]): Promise<unknown> {
    const program = new Command().exitOverride();
    registerOfferEvaluation(program.command('analytics'));
    try {
      await program.parseAsync(['analytics', 'evaluate-offers', ...args], { from: 'user' });
      return undefined;
    } catch (error) {
      return error;
    }
  }

  test('bad options and a missing folder are plain errors', async () => {
    const cases: [string[], RegExp][] = [
      [['--data', DATA, '--split-date', '2017-02-30'], /--split-date must be a date/],
      [['--data', DATA, '--k', '0'], /--k must be a whole number/],
      [['--data', '/nonexistent-folder'], /products\.csv: no such file/],
    ];
    for (const [args, message] of cases) {
      const error = await run(...args);
      assert.ok(error instanceof CliError, String(error));
      assert.match(error.message, message);
    }
  });
});
