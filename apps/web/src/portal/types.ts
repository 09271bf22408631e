import type { paths } from '../api/schema.js';

/** The JSON body of a successful answer of a portal route, as the server's OpenAPI document describes it. */
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer A }
      ? Json<A>
      : never
  : never;

export type ProgramPage = Ok<'/v1/portal/programs/{slug}', 'get'>;
export type Profile = Ok<'/v1/portal/me', 'get'>;
export type Balance = Ok<'/v1/portal/me/balance', 'get'>;
export type History = Ok<'/v1/portal/me/history', 'get'>;
export type HistoryEntry = History['items'][number];
export type TierView = Ok<'/v1/portal/me/tier', 'get'>;
export type Goal = NonNullable<TierView['next']>;
export type Rewards = Ok<'/v1/portal/me/rewards', 'get'>;
export type PortalReward = Rewards['items'][number];
export type Redemption = Ok<'/v1/portal/me/rewards/{id}/redeem', 'post'>;
export type Coupons = Ok<'/v1/portal/me/coupons', 'get'>;
export type Offers = Ok<'/v1/portal/me/offers', 'get'>;
