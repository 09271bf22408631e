import type { Static } from 'typebox';
import type { Db } from '../../db/database.js';
import { memberCoupons } from '../coupons/coupons.repository.js';
import { toCouponDto } from '../coupons/coupons.schemas.js';
import { memberLedger } from '../ledger/ledger.http.js';
import { redeemReward } from '../rewards/redeem-reward.js';
import { memberRewards, toRedemptionDto } from '../rewards/redemption-view.js';
import { findReward } from '../rewards/rewards.repository.js';
import type { RedemptionDto } from '../rewards/rewards.schemas.js';
import { getProgram } from '../tenants/programs.service.js';
import { memberBalance } from './member-ledger.js';
import type {
  PortalCouponSchema,
  PortalRedemptionSchema,
  PortalRewardsSchema,
} from './member-portal.schemas.js';

type PortalRewards = Static<typeof PortalRewardsSchema>;
type PortalRedemption = Static<typeof PortalRedemptionSchema>;
type PortalCoupon = Static<typeof PortalCouponSchema>;

/** The catalog with this member's price, availability and reasons, from the rewards module's own assessment. */
export async function portalRewards(db: Db, tenantId: string, memberId: string): Promise<PortalRewards> {
  const { programCurrency } = await memberLedger(db, tenantId, memberId);
  const items = await memberRewards(db, tenantId, memberId);
  const balance = await memberBalance(db, tenantId, memberId);
  return {
    balance: balance.available,
    currency: programCurrency,
    items: items.map(({ reward, available, price, balance: paying, reasons }) => {
      const v = reward.value;
      return {
        id: reward.id,
        code: reward.code,
        name: reward.name,
        description: reward.description,
        type: reward.type,
        cost: price,
        listCost: reward.cost,
        wallet: reward.wallet,
        value: {
          ...(v.amount !== undefined ? { amount: v.amount } : {}),
          ...(v.percent !== undefined ? { percent: v.percent } : {}),
          ...(v.minSpend !== undefined ? { minSpend: v.minSpend } : {}),
          ...(v.sku !== undefined ? { sku: v.sku } : {}),
        },
        stockRemaining: reward.stock.remaining,
        validUntil: reward.validUntil,
        available,
        affordable: paying >= price,
        reasons,
      };
    }),
  };
}

function toPortalRedemption(r: RedemptionDto, reward: { name: string }): PortalRedemption {
  return {
    id: r.id,
    reward: { id: r.rewardId, code: r.rewardCode, name: reward.name, type: r.type },
    cost: r.cost,
    status: r.status,
    coupon: r.coupon,
    credit: r.credit ? { wallet: r.credit.wallet, amount: r.credit.amount } : null,
    fulfilment: r.fulfilment ? { kind: r.fulfilment.kind, status: r.fulfilment.status } : null,
    createdAt: r.createdAt,
  };
}

/** Redeems through the rewards module's use case (eligibility, debit and coupon in one transaction). */
export async function portalRedeem(
  db: Db,
  input: { tenantId: string; memberId: string; rewardId: string; actor: string },
): Promise<PortalRedemption> {
  const { redemption } = await redeemReward(db, input);
  const dto = await toRedemptionDto(db, input.tenantId, redemption);
  const reward = await findReward(db, input.tenantId, dto.rewardId);
  return toPortalRedemption(dto, { name: reward?.name ?? dto.rewardCode });
}

function couponState(c: ReturnType<typeof toCouponDto>, now: Date): PortalCoupon['state'] {
  if (c.status !== 'issued') return c.status;
  if (new Date(c.validUntil) <= now) return 'expired';
  if (new Date(c.validFrom) > now) return 'scheduled';
  return 'active';
}

/** The member's coupons, newest first: the codes the portal shows as QR codes and barcodes. */
export async function portalCoupons(db: Db, tenantId: string, memberId: string, now = new Date()) {
  const { scope } = await memberLedger(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, scope.programId);
  const rows = await memberCoupons(db, tenantId, memberId);
  return {
    items: rows.map((row): PortalCoupon => {
      const c = toCouponDto(row);
      return {
        id: c.id,
        code: c.code,
        name: c.name,
        status: c.status,
        state: couponState(c, now),
        discount: c.discount,
        minSpend: c.minSpend,
        currency: program.currency,
        validFrom: c.validFrom,
        validUntil: c.validUntil,
      };
    }),
  };
}
