import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { validateReward } from './reward-validation.js';
import { codeTaken, findReward, insertReward, updateReward } from './rewards.repository.js';
import type { Reward, RewardDto, RewardInput } from './rewards.schemas.js';

export function toRewardDto(r: Reward): RewardDto {
  return {
    id: r.id,
    programId: r.programId,
    code: r.code,
    name: r.name,
    description: r.description,
    type: r.type,
    status: r.status,
    cost: r.cost,
    wallet: r.wallet,
    prices: r.prices,
    value: r.value,
    stock: {
      total: r.stockTotal,
      redeemed: r.stockUsed,
      remaining: r.stockTotal === null ? null : r.stockTotal - r.stockUsed,
      perMember: r.memberLimit,
      perPeriod: r.periodLimit,
    },
    validFrom: r.validFrom?.toISOString() ?? null,
    validUntil: r.validUntil?.toISOString() ?? null,
    eligibility: r.eligibility,
    autoRedeem: r.autoRedeem,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The columns a reward document sets; the same for create and full replace (PUT). */
function columns(input: RewardInput) {
  return {
    code: input.code,
    name: input.name,
    description: input.description ?? null,
    type: input.type,
    status: input.status ?? 'active',
    cost: input.cost,
    wallet: input.wallet ?? 'points',
    prices: JSON.stringify(input.prices ?? []),
    value: JSON.stringify(input.value ?? {}),
    stock_total: input.stock?.total ?? null,
    member_limit: input.stock?.perMember ? JSON.stringify(input.stock.perMember) : null,
    period_limit: input.stock?.perPeriod ? JSON.stringify(input.stock.perPeriod) : null,
    valid_from: input.validFrom ? new Date(input.validFrom) : null,
    valid_until: input.validUntil ? new Date(input.validUntil) : null,
    eligibility: JSON.stringify(input.eligibility ?? {}),
    auto_redeem: input.autoRedeem ? JSON.stringify(input.autoRedeem) : null,
  };
}

const codeConflict = (code: string) =>
  conflict('reward_code_taken', `The program already has a reward with code ${code}`, {}, [
    { field: '/code', in: 'body', code: 'taken', message: `Code ${code} is in use` },
  ]);

export async function createReward(
  db: Db,
  tenantId: string,
  actor: string,
  input: RewardInput,
): Promise<Reward> {
  const program = await resolveProgram(db, tenantId, input.programId);
  await validateReward(db, program.id, input);
  if (await codeTaken(db, program.id, input.code)) throw codeConflict(input.code);
  const now = new Date();
  const reward = await insertReward(db, {
    id: uuidv7(),
    tenant_id: tenantId,
    program_id: program.id,
    ...columns(input),
    created_at: now,
    updated_at: now,
  });
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'reward.created',
    subjectType: 'reward',
    subjectId: reward.id,
    details: { code: reward.code, type: reward.type, cost: reward.cost, autoRedeem: reward.autoRedeem },
  });
  return reward;
}

/**
 * Replaces a reward's definition. Stock already redeemed stays counted: lowering the total below it is refused,
 * since those units are out. The row is locked so a replace and a redemption never interleave.
 */
export async function replaceReward(
  db: Db,
  tenantId: string,
  actor: string,
  id: string,
  input: RewardInput,
): Promise<Reward> {
  const current = await findReward(db, tenantId, id, true);
  if (current === undefined) throw notFound('reward', id);
  if (input.programId !== undefined && input.programId !== current.programId) {
    throw conflict('reward_program_fixed', 'A reward cannot move to another program');
  }
  await validateReward(db, current.programId, input);
  if (await codeTaken(db, current.programId, input.code, id)) throw codeConflict(input.code);
  const total = input.stock?.total ?? null;
  if (total !== null && total < current.stockUsed) {
    throw conflict('stock_below_redeemed', `${current.stockUsed} units are already redeemed`, {}, [
      {
        field: '/stock/total',
        in: 'body',
        code: 'below_redeemed',
        message: `Must be at least ${current.stockUsed}`,
      },
    ]);
  }
  const reward = await updateReward(db, id, {
    ...columns(input),
    version: current.version + 1,
    updated_at: new Date(),
  });
  await recordAudit(db, {
    tenantId,
    actor,
    action: 'reward.updated',
    subjectType: 'reward',
    subjectId: id,
    details: { version: reward.version, cost: reward.cost, status: reward.status },
  });
  return reward;
}
