import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { type CompleteJourney, loadCompleteJourney } from '../src/modules/offers/complete-journey.js';
import {
  evaluateOffersOn,
  formatReport,
  type OfferEvaluationReport,
} from '../src/modules/offers/evaluate-offers.js';
import { affinityOf, rankOffers } from '../src/modules/offers/ranking.js';
import type { ItemStatistics, MemberProfile, Weights } from '../src/modules/offers/ranking.types.js';
import { sharedData } from './helpers/shared-data.js';

/**
 * The next-best-offer scorer on hand-made statistics, one signal at a time (each test zeroes the other weights),
 * then the offline evaluation on the real Complete Journey files: Tessera's ranking must beat global popularity and
 * each household's own most-bought categories on precision@10.
 */

const DATA = sharedData('completejourney');

/** Only the signals a test names count: each unit test isolates one. */
const only = (w: Partial<Weights>): Weights => ({
  affinity: 0,
  coPurchase: 0,
  segment: 0,
  popularity: 0,
  priceFit: 0,
  halfLifeDays: 120,
  ...w,
});

/** 100 members, every item bought by 30 of them unless said otherwise; no neighbours, no segments. */
function stats(over: Partial<ItemStatistics> = {}, items = ['A', 'B', 'C', 'D']): ItemStatistics {
  return {
    members: 100,
    buyers: new Map(items.map((i) => [i, 30])),
    breadth: 5,
    neighbours: new Map(),
    segments: new Map(),
    dealShare: new Map(items.map((i) => [i, 0.5])),
    meanDealShare: 0.5,
    ...over,
  };
}

const member = (history: MemberProfile['history'], over: Partial<MemberProfile> = {}): MemberProfile => ({
  memberId: 'm1',
  history,
  ...over,
});
const items = (list: { item: string }[]) => list.map((o) => o.item);
const candidates = (...ids: string[]) => ids.map((item) => ({ item }));

describe('next-best-offer scorer', () => {
  test('affinity: own, frequent and recent purchases rank first, and say so', () => {
    const m = member([
      { item: 'C', count: 4, daysSinceLast: 10 },
      { item: 'B', count: 1, daysSinceLast: 200 },
      { item: 'D', count: 1, daysSinceLast: 5 },
    ]);
    const ranked = rankOffers(
      m,
      stats(),
      candidates('A', 'B', 'C', 'D'),
      only({ affinity: 1, popularity: 1 }),
    );
    // C: (1 − 2⁻⁴)·2^(−10/120) = 0.8594; D: 0.5·2^(−5/120) = 0.4857; B: 0.5·2^(−200/120) = 0.1575; A: 0.
    assert.deepEqual(items(ranked), ['C', 'D', 'B', 'A']);
    assert.ok(Math.abs((ranked[0]?.signals.affinity ?? 0) - 0.9375 * 2 ** (-10 / 120)) < 1e-12);
    assert.equal(ranked[0]?.signals.affinity, affinityOf(4, 10, 120));
    assert.equal(ranked[0]?.reasons[0], 'you buy C often');
    assert.equal(ranked[1]?.reasons[0], 'you bought D recently');
    assert.equal(ranked[2]?.reasons[0], 'bought by 30% of members');
    assert.deepEqual(ranked[3]?.reasons, ['bought by 30% of members']);
  });

  test('a habitual item needs fewer purchases: affinity follows the item repeat rate', () => {
    const s = stats({
      repeatRate: new Map([
        ['A', 0.8],
        ['B', 0.2],
      ]),
    });
    const m = member([
      { item: 'A', count: 1, daysSinceLast: 0 },
      { item: 'B', count: 2, daysSinceLast: 0 },
    ]);
    const ranked = rankOffers(m, s, candidates('A', 'B'), only({ affinity: 1 }));
    // A: 1 − 0.2¹ = 0.8; B: 1 − 0.8² = 0.36.
    assert.deepEqual(
      ranked.map((o) => [o.item, Number(o.score.toFixed(10))]),
      [
        ['A', 0.8],
        ['B', 0.36],
      ],
    );
  });

  test('co-purchase: people who buy X also buy Y', () => {
    const s = stats({
      neighbours: new Map([
        [
          'A',
          [
            { item: 'C', similarity: 0.6 },
            { item: 'D', similarity: 0.1 },
          ],
        ],
      ]),
    });
    const m = member([{ item: 'A', count: 1, daysSinceLast: 0 }]);
    const ranked = rankOffers(m, s, candidates('B', 'C', 'D'), only({ coPurchase: 1 }));
    assert.deepEqual(items(ranked), ['C', 'D', 'B']);
    // One item in the history: the affinity-weighted mean similarity is the similarity itself.
    assert.equal(ranked[0]?.signals.coPurchase, 0.6);
    assert.deepEqual(ranked[0]?.reasons, ['people who buy A also buy C']);
    assert.deepEqual(ranked[2]?.reasons, []);
  });

  test('never-bought categories that fit the profile group rank first for that group', () => {
    const segments = new Map([
      [
        'comp:kids',
        {
          members: 50,
          breadth: 5,
          buyers: new Map([
            ['TOYS', 40],
            ['WINE', 5],
          ]),
        },
      ],
      [
        'comp:adults',
        {
          members: 50,
          breadth: 5,
          buyers: new Map([
            ['TOYS', 5],
            ['WINE', 40],
          ]),
        },
      ],
    ]);
    const s = stats({ segments }, ['TOYS', 'WINE']);
    const parent = member([], {
      segments: [{ key: 'comp:kids', label: 'households like yours (2 Adults Kids)' }],
    });
    const couple = member([], {
      segments: [{ key: 'comp:adults', label: 'households like yours (2 Adults)' }],
    });
    const offers = candidates('WINE', 'TOYS');
    const forParent = rankOffers(parent, s, offers, only({ segment: 1 }));
    assert.deepEqual(items(forParent), ['TOYS', 'WINE']);
    // Shrunk towards the population share 0.3 by 20 pseudo-members: (40 + 20·0.3) / (50 + 20).
    assert.equal(forParent[0]?.signals.segment, 46 / 70);
    assert.deepEqual(forParent[0]?.reasons, [
      'popular with households like yours (2 Adults Kids), and new for you',
    ]);
    assert.deepEqual(items(rankOffers(couple, s, offers, only({ segment: 1 }))), ['WINE', 'TOYS']);
    // A member who already buys toys gets only what is new to them when asked for discovery.
    const buyer = member([{ item: 'TOYS', count: 2, daysSinceLast: 3 }], { segments: parent.segments ?? [] });
    assert.deepEqual(items(rankOffers(buyer, s, offers, only({ segment: 1 }), { onlyNew: true })), ['WINE']);
  });

  test('price sensitivity: deal seekers get promoted items, full-price buyers the others', () => {
    const s = stats(
      {
        dealShare: new Map([
          ['A', 0.9],
          ['B', 0.1],
        ]),
      },
      ['A', 'B'],
    );
    const w = only({ priceFit: 1 });
    const seeker = rankOffers(member([], { dealShare: 0.9 }), s, candidates('A', 'B'), w);
    const payer = rankOffers(member([], { dealShare: 0.1 }), s, candidates('A', 'B'), w);
    // 4·(0.9 − 0.5)·(0.9 − 0.5) = 0.64 for the match, −0.64 for the mismatch.
    assert.deepEqual(
      seeker.map((o) => [o.item, Number(o.signals.priceFit.toFixed(10))]),
      [
        ['A', 0.64],
        ['B', -0.64],
      ],
    );
    assert.deepEqual(seeker[0]?.reasons, ['often on promotion, and you like a deal']);
    assert.deepEqual(items(payer), ['B', 'A']);
    assert.deepEqual(payer[0]?.reasons, ['usually bought at full price, as you do']);
  });

  test('offers closed to the member tier are left out', () => {
    const offers = [
      { item: 'A', offerId: 'gold-only', tiers: ['Gold'] },
      { item: 'B', offerId: 'everyone' },
    ];
    const ids = (tier?: string) =>
      rankOffers(member([], tier ? { tier } : {}), stats(), offers).map((o) => o.offerId);
    assert.deepEqual(ids('Gold'), ['gold-only', 'everyone']);
    assert.deepEqual(ids('Silver'), ['everyone']);
    assert.deepEqual(ids(), ['everyone']);
  });

  test('deterministic: the order of the inputs changes nothing, ties go to the item id', () => {
    const s = stats({
      neighbours: new Map([
        ['A', [{ item: 'D', similarity: 0.3 }]],
        ['B', [{ item: 'D', similarity: 0.3 }]],
      ]),
    });
    const history = [
      { item: 'A', count: 1, daysSinceLast: 7 },
      { item: 'B', count: 1, daysSinceLast: 7 },
    ];
    const w = only({ affinity: 1, coPurchase: 1, popularity: 1 });
    const forward = rankOffers(member(history), s, candidates('A', 'B', 'C', 'D'), w);
    const backward = rankOffers(member([...history].reverse()), s, candidates('D', 'C', 'B', 'A'), w);
    assert.deepEqual(backward, forward);
    assert.deepEqual(items(forward), ['A', 'B', 'D', 'C']);
    // A and B contribute equally to D: the explanation names the smaller id, whatever the history order.
    assert.ok(forward[2]?.reasons.includes('people who buy A also buy D'));
    assert.deepEqual(rankOffers(member(history), s, candidates('A', 'B'), w, { limit: 1 }).length, 1);
  });
});

describe('offline evaluation on The Complete Journey', () => {
  let data: CompleteJourney;
  let report: OfferEvaluationReport;
  before(async () => {
    data = await loadCompleteJourney(DATA);
    report = evaluateOffersOn(data, { splitDate: '2017-10-01', k: 10 });
  });

  test('reads the files as the data README describes them', () => {
    assert.equal(data.lines.length + Object.values(data.skipped).reduce((a, b) => a + b, 0), 75_000);
    // 4 of the 2,377 households have no usable line (unknown products, returns).
    assert.equal(new Set(data.lines.map((l) => l.memberId)).size, 2373);
    assert.equal(data.demographics.size, 801);
    assert.ok(data.lines.every((l) => l.item !== '' && l.amount > 0));
  });

  test('ours beats global popularity and own most-bought on precision@10, with sane numbers', () => {
    const by = Object.fromEntries(report.methods.map((m) => [m.method, m]));
    const [popularity, own, ours] = [by.popularity, by['own-most-bought'], by.tessera];
    assert.ok(popularity && own && ours);
    for (const m of [popularity, own, ours]) {
      assert.ok(m.precision > 0 && m.precision < 1, `${m.method} precision ${m.precision}`);
      assert.ok(m.recall > 0 && m.recall < 1, `${m.method} recall ${m.recall}`);
      assert.equal(m.households, ours.households);
    }
    assert.ok(ours.households > 500, `${ours.households} households`);
    assert.ok(
      ours.precision > popularity.precision,
      `${ours.precision} vs popularity ${popularity.precision}`,
    );
    assert.ok(ours.precision > own.precision, `${ours.precision} vs own ${own.precision}`);
    // Not a tie by luck: at least two paired standard errors above each baseline.
    for (const c of ours.versus ?? []) assert.ok(c.difference > 2 * c.standardError, JSON.stringify(c));
    assert.equal(ours.versus?.length, 2);
  });

  test('the weights were tuned inside the train period, and the report prints all three methods', () => {
    assert.ok(report.tuning);
    assert.equal(report.tuning.until, '2017-10-01');
    assert.equal(report.tuning.asOf, '2017-07-02');
    assert.ok(report.tuning.households > 500);
    assert.equal(report.lines.train + report.lines.test, data.lines.length);
    const text = formatReport(report);
    for (const name of ['popularity', 'own-most-bought', 'tessera', 'precision@10', 'recall@10']) {
      assert.ok(text.includes(name), name);
    }
  });
});
