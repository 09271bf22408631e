import type { Condition } from '../src/modules/rules/rule.schemas.js';
import {
  basket,
  type Case,
  category,
  makeRule,
  member,
  purchase,
  review,
  runTable,
  shoes,
  tee,
  tier,
} from './helpers/rules.js';

/** Every condition kind of the rules evaluator, passing and failing, alone and nested in all/any/not. */

/** One rule `a` (+10 points) gated by a condition: applies or not, with text its reasons must contain. */
function when(name: string, c: Condition, applies: boolean, reason: string, extra: Partial<Case> = {}): Case {
  const trigger =
    extra.activity?.trigger === 'event'
      ? ({ type: 'event', eventType: 'review.posted' } as const)
      : undefined;
  return {
    name: `condition: ${name}`,
    rules: [makeRule('a', { when: c, ...(trigger ? { trigger } : {}) })],
    activity: basket,
    ...extra,
    expect: { applied: applies ? ['a'] : [], points: applies ? 10 : 0, reasons: { a: reason } },
  };
}

const conditions: Case[] = [
  when(
    'activity total passes',
    { kind: 'activity', field: 'total', op: 'gte', value: 5000 },
    true,
    'total is at least €50.00',
  ),
  when(
    'activity total fails, in money',
    { kind: 'activity', field: 'total', op: 'gte', value: 10000 },
    false,
    'requires total is at least €100.00; it is €82.99',
  ),
  when(
    'activity itemCount sums quantities',
    { kind: 'activity', field: 'itemCount', op: 'eq', value: 6 },
    true,
    'itemCount is 6',
  ),
  when(
    'activity lineCount fails',
    { kind: 'activity', field: 'lineCount', op: 'gt', value: 3 },
    false,
    'requires lineCount is over 3; it is 3',
  ),
  when(
    'activity channel in list fails',
    { kind: 'activity', field: 'channel', op: 'in', value: ['pos', 'app'] },
    false,
    'requires channel is one of pos, app; it is web',
  ),
  when(
    'activity paymentMethod not_exists fails',
    { kind: 'activity', field: 'paymentMethod', op: 'not_exists' },
    false,
    'requires paymentMethod is not set; it is card',
  ),
  when(
    'event_property nested path passes',
    { kind: 'event_property', path: 'review.stars', op: 'gte', value: 4 },
    true,
    'event review.stars is at least 4',
    {
      activity: review({ review: { stars: 5 } }),
    },
  ),
  when(
    'event_property missing fails',
    { kind: 'event_property', path: 'review.stars', op: 'gte', value: 4 },
    false,
    'requires event review.stars is at least 4; it is not set',
    { activity: review({ review: {} }) },
  ),
  when(
    'event_property never coerces "5" to 5',
    { kind: 'event_property', path: 'review.stars', op: 'eq', value: 5 },
    false,
    'requires event review.stars is 5',
    {
      activity: review({ review: { stars: '5' } }),
    },
  ),
  when(
    'event_property contains in array',
    { kind: 'event_property', path: 'photos', op: 'contains', value: 'p2' },
    true,
    'event photos contains p2',
    {
      activity: review({ photos: ['p1', 'p2'] }),
    },
  ),
  when('items any passes', category('shoes'), true, 'basket has an item of category shoes'),
  when('items any fails', category('bags'), false, 'requires an item of category bags; 0 of 3 lines match'),
  when(
    'items all fails on one other line',
    { kind: 'items', match: { brands: ['Acme'] }, quantifier: 'all' },
    false,
    'requires only items of brand Acme; 2 of 3 lines match',
  ),
  when(
    'items all passes',
    { kind: 'items', match: { excludeSkus: ['GIFT'] }, quantifier: 'all' },
    true,
    'only items of any item (except SKU GIFT)',
  ),
  when(
    'items all fails on an empty basket',
    { kind: 'items', match: { excludeSkus: ['GIFT'] }, quantifier: 'all' },
    false,
    'requires only items of any item (except SKU GIFT); 0 of 0 lines match',
    { activity: purchase([]) },
  ),
  when(
    'items none fails with exclusions',
    { kind: 'items', match: { brands: ['Acme'], excludeCategories: ['socks'] }, quantifier: 'none' },
    false,
    'requires no item of brand Acme (except category socks); 1 of 3 lines match',
  ),
  when(
    'items none passes',
    { kind: 'items', match: { skus: ['GIFT'] }, quantifier: 'none' },
    true,
    'basket has no item of SKU GIFT',
  ),
  when(
    'items_total net passes',
    { kind: 'items_total', match: { categories: ['shoes', 'tops'] }, measure: 'net', op: 'gte', value: 7000 },
    true,
    'net of category shoes or tops is at least €70.00',
  ),
  when(
    'items_total quantity fails',
    { kind: 'items_total', match: { excludeSkus: ['SH-1'] }, measure: 'quantity', op: 'gte', value: 6 },
    false,
    'requires quantity of any item (except SKU SH-1) is at least 6; it is 5',
  ),
  when(
    'items_total lines passes',
    { kind: 'items_total', match: { categories: ['socks'] }, measure: 'lines', op: 'eq', value: 1 },
    true,
    'lines of category socks is 1',
  ),
  when(
    'member_attribute eq passes',
    { kind: 'member_attribute', key: 'city', op: 'eq', value: 'Berlin' },
    true,
    'attribute city is Berlin',
    {
      member: member({ attributes: { city: 'Berlin' } }),
    },
  ),
  when(
    'member_attribute never coerces',
    { kind: 'member_attribute', key: 'kids', op: 'gte', value: 1 },
    false,
    'requires attribute kids is at least 1; it is 2',
    {
      member: member({ attributes: { kids: '2' } }),
    },
  ),
  when(
    'member_attribute exists fails',
    { kind: 'member_attribute', key: 'city', op: 'exists' },
    false,
    'requires attribute city is set; it is not set',
  ),
  when('member_tier passes', tier('Gold', 'Silver'), true, 'tier Silver'),
  when('member_tier fails', tier('Gold'), false, 'requires tier Gold; member is Silver'),
  when(
    'member_tier fails without tier',
    tier('Gold', 'Platinum'),
    false,
    'requires tier Gold or Platinum; member is none',
    {
      member: member({ tier: null }),
    },
  ),
  when(
    'member_segment any passes',
    { kind: 'member_segment', segments: ['students', 'seniors'], match: 'any' },
    true,
    'member has any of segments students, seniors',
    {
      member: member({ segments: ['students'] }),
    },
  ),
  when(
    'member_segment any fails without segments',
    { kind: 'member_segment', segments: ['students', 'seniors'], match: 'any' },
    false,
    'requires any of segments students, seniors; member has none',
  ),
  when(
    'member_segment all fails',
    { kind: 'member_segment', segments: ['students', 'seniors'], match: 'all' },
    false,
    'requires all of segments students, seniors; member has students',
    { member: member({ segments: ['students'] }) },
  ),
  when(
    'member_tag none fails',
    { kind: 'member_tag', tags: ['vip'], match: 'none' },
    false,
    'requires none of tags vip; member has vip, new',
    {
      member: member({ tags: ['vip', 'new'] }),
    },
  ),
  when(
    'member_tag all passes',
    { kind: 'member_tag', tags: ['vip', 'new'], match: 'all' },
    true,
    'member has all of tags vip, new',
    {
      member: member({ tags: ['new', 'vip'] }),
    },
  ),
  when(
    'member_tenure passes',
    { kind: 'member_tenure', op: 'gte', days: 365 },
    true,
    'membership (days) is at least 365',
  ),
  when(
    'member_tenure fails',
    { kind: 'member_tenure', op: 'lt', days: 30 },
    false,
    'requires membership (days) is under 30; it is 486',
  ),
  when(
    'member_counter first purchase fails',
    { kind: 'member_counter', counter: 'purchases', op: 'eq', value: 0 },
    false,
    'requires purchases is 0; it is 5',
  ),
  when(
    'member_counter lifetimePoints passes',
    { kind: 'member_counter', counter: 'lifetimePoints', op: 'gte', value: 1000 },
    true,
    'lifetimePoints is at least 1000',
  ),
  when(
    'consent given passes',
    { kind: 'consent', purpose: 'marketing', granted: true },
    true,
    'marketing consent given',
    {
      member: member({ consents: { marketing: true } }),
    },
  ),
  when(
    'consent withdrawn fails',
    { kind: 'consent', purpose: 'marketing', granted: true },
    false,
    'requires marketing consent given',
    {
      member: member({ consents: { marketing: false } }),
    },
  ),
  when(
    'consent not given passes granted:false',
    { kind: 'consent', purpose: 'sms', granted: false },
    true,
    'sms consent not given',
  ),
  when(
    'date_range inclusive end passes',
    { kind: 'date_range', from: '2024-05-01', to: '2024-05-15' },
    true,
    'date 2024-05-15 is within 2024-05-01 to 2024-05-15',
  ),
  when(
    'date_range fails',
    { kind: 'date_range', from: '2024-05-01', to: '2024-05-14' },
    false,
    'runs 2024-05-01 to 2024-05-14; it is 2024-05-15',
  ),
  when(
    'days_of_week fails',
    { kind: 'days_of_week', days: [6, 7] },
    false,
    'runs on Saturday, Sunday; it is Wednesday',
  ),
  when('days_of_week passes', { kind: 'days_of_week', days: [1, 3] }, true, 'on Wednesday'),
  when(
    'time_of_day passes (local time)',
    { kind: 'time_of_day', from: '09:00', to: '17:00' },
    true,
    'at 12:00, within 09:00–17:00',
  ),
  when(
    'time_of_day fails (UTC 10:00 is 12:00 local)',
    { kind: 'time_of_day', from: '09:00', to: '11:00' },
    false,
    'runs 09:00–11:00; it is 12:00',
  ),
  when('channel passes', { kind: 'channel', channels: ['web', 'app'] }, true, 'channel web'),
  when(
    'channel fails when unset',
    { kind: 'channel', channels: ['pos'] },
    false,
    'requires channel pos; it is not set',
    {
      activity: purchase([shoes], { channel: null }),
    },
  ),
  when('store passes', { kind: 'store', stores: ['s1'] }, true, 'store s1'),
  when('store fails', { kind: 'store', stores: ['s2', 's3'] }, false, 'requires store s2 or s3; it is s1'),
  when(
    'all names the first failing leaf',
    {
      kind: 'all',
      conditions: [
        tier('Silver'),
        { kind: 'member_tenure', op: 'gte', days: 1000 },
        { kind: 'consent', purpose: 'x', granted: true },
      ],
    },
    false,
    'requires membership (days) is at least 1000; it is 486',
  ),
  when(
    'all passes with every reason',
    { kind: 'all', conditions: [tier('Silver'), category('shoes')] },
    true,
    'tier Silver; basket has an item of category shoes',
  ),
  when(
    'any fails with every reason',
    { kind: 'any', conditions: [tier('Gold'), { kind: 'store', stores: ['s9'] }] },
    false,
    'none of: requires tier Gold; member is Silver | requires store s9; it is s1',
  ),
  when(
    'any passes on its second branch',
    { kind: 'any', conditions: [tier('Gold'), category('socks')] },
    true,
    'basket has an item of category socks',
  ),
  when(
    'not excludes',
    { kind: 'not', condition: { kind: 'channel', channels: ['web'] } },
    false,
    'excluded because channel web',
  ),
  when(
    'not passes',
    { kind: 'not', condition: tier('Gold') },
    true,
    'not (requires tier Gold; member is Silver)',
  ),
  when(
    'nested all/any/not',
    {
      kind: 'all',
      conditions: [
        { kind: 'any', conditions: [tier('Gold'), { kind: 'member_tag', tags: ['vip'], match: 'any' }] },
        { kind: 'not', condition: category('socks') },
      ],
    },
    false,
    'excluded because basket has an item of category socks',
    { member: member({ tags: ['vip'] }) },
  ),
  when(
    'nested passes when the not holds',
    {
      kind: 'all',
      conditions: [
        { kind: 'any', conditions: [tier('Gold'), { kind: 'member_tag', tags: ['vip'], match: 'any' }] },
        { kind: 'not', condition: category('socks') },
      ],
    },
    true,
    'member has any of tags vip; not (requires an item of category socks',
    { member: member({ tags: ['vip'] }), activity: purchase([shoes, tee]) },
  ),
];

runTable(conditions);
