import type { components, paths } from '../../api/schema.js';

/** Shapes of the API as the generated schema declares them, named once for the management pages. */
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

type CampaignCreate = Json<paths['/v1/campaigns']['post']['requestBody']>;
export type CampaignDocument = Omit<CampaignCreate, 'programId' | 'publish'>;
export type Campaign = Json<paths['/v1/campaigns/{id}']['get']['responses'][200]>;
export type Rule = CampaignDocument['rules'][number];
export type Trigger = Rule['trigger'];
export type Effect = Rule['effects'][number];
export type RuleCondition = components['schemas']['RuleCondition'];
export type LeafRuleCondition = Exclude<RuleCondition, { kind: 'all' | 'any' | 'not' }>;
export type LineMatch = NonNullable<Extract<Effect, { kind: 'points_multiplier' }>['match']>;
export type Audience = NonNullable<CampaignDocument['audience']>;

export type Evaluation = Json<paths['/v1/members/{id}/explain']['post']['responses'][200]>;
export type ExplainBody = Json<paths['/v1/members/{id}/explain']['post']['requestBody']>;
export type ExplainLine = NonNullable<ExplainBody['activity']['lines']>[number];
export type Backtest = Json<paths['/v1/campaigns/{id}/backtest']['post']['responses'][200]>;

export type Reward = Json<paths['/v1/rewards/{id}']['get']['responses'][200]>;
export type RewardBody = Json<paths['/v1/rewards']['post']['requestBody']>;

export type CouponSeries = Json<paths['/v1/coupon-series/{id}']['get']['responses'][200]>;
export type SeriesBody = Json<paths['/v1/coupon-series']['post']['requestBody']>;
export type Coupon = Json<paths['/v1/coupon-series/{id}/codes']['get']['responses'][200]>['items'][number];

export type Segment = Json<paths['/v1/segments/{id}']['get']['responses'][200]>;
export type SegmentCondition = components['schemas']['SegmentCondition'];
export type LeafSegmentCondition = Exclude<SegmentCondition, { kind: 'all' | 'any' | 'not' }>;

export type KpiReport = Json<paths['/v1/programs/{id}/reports/kpis']['get']['responses'][200]>;
export type CohortReport = Json<paths['/v1/programs/{id}/reports/cohorts']['get']['responses'][200]>;
export type CampaignReport = Json<paths['/v1/programs/{id}/reports/campaigns']['get']['responses'][200]>;
export type Incrementality = Json<paths['/v1/programs/{id}/reports/incrementality']['get']['responses'][200]>;
export type RfmReport = Json<paths['/v1/programs/{id}/analytics/rfm']['get']['responses'][200]>;
export type Distribution = Json<paths['/v1/programs/{id}/analytics/loyalty-types']['get']['responses'][200]>;

export type Partner = Json<paths['/v1/programs/{id}/partners/{partnerId}']['get']['responses'][200]>;
export type PartnerBody = Json<paths['/v1/programs/{id}/partners']['post']['requestBody']>;
export type Settlement = Json<paths['/v1/programs/{id}/reports/partner-settlement']['get']['responses'][200]>;

export type ApiKey = Json<paths['/v1/api-keys']['get']['responses'][200]>['data'][number];
export type Webhook = Json<paths['/v1/webhooks']['get']['responses'][200]>['items'][number];
export type Delivery = Json<paths['/v1/webhooks/{id}/deliveries']['get']['responses'][200]>['items'][number];

export type Member = Json<paths['/v1/members']['get']['responses'][200]>['data'][number];
export type CouponValidateBody = Json<paths['/v1/coupons/validate']['post']['requestBody']>;
export type CouponValidation = Json<paths['/v1/coupons/validate']['post']['responses'][200]>;
