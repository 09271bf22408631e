import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../db/database.js';
import { problemResponses } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { deleteMember } from '../members/delete-member.js';
import { exportMemberData } from './member-export.js';
import { memberBalance, memberHistory } from './member-ledger.js';
import { BalanceSchema, HistoryQuery, HistorySchema, TierViewSchema } from './member-portal.schemas.js';
import { forgetMemberSessions, revokeAllMemberSessions } from './member-sessions.service.js';
import { memberTier } from './member-tier.js';
import { memberWrite, portalMember } from './member-write.js';
import { ProfilePatchSchema, ProfileSchema } from './portal.schemas.js';
import { memberProfile, updateProfile } from './profile.js';

const tags = ['portal'];
const security = [{ bearerAuth: [] }];
const config = { access: 'member' as const };
// 409 `member_deleted` reaches a member deleted elsewhere in the seconds before their session is dropped.
const readErrors = problemResponses(400, 401, 403, 409);
const writeErrors = problemResponses(400, 401, 403, 409, 413, 415, 422);

/** The signed-in member's own account: profile, points, history, tier, data export and deletion. */
export const portalMeRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/portal/me',
      {
        config,
        schema: {
          tags,
          security,
          summary: "The member's profile, consents, card number and referral link",
          response: { 200: ProfileSchema, ...readErrors },
        },
      },
      async (request) => {
        const m = portalMember(request);
        return memberProfile(db, m.tenantId, m.memberId);
      },
    );

    app.patch(
      '/v1/portal/me',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'Update the profile and consents (consents are recorded with time and source `portal`)',
          body: ProfilePatchSchema,
          response: { 200: ProfileSchema, ...writeErrors },
        },
      },
      (request, reply) =>
        memberWrite(db, request, reply, async (trx, m) => ({
          status: 200,
          body: await updateProfile(trx, m.tenantId, m.memberId, request.body),
        })),
    );

    app.delete(
      '/v1/portal/me',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'Delete my account: personal data erased (tombstone kept), every session ended',
          response: { 204: Type.Null({ description: 'Deleted' }), ...writeErrors },
        },
      },
      async (request, reply) => {
        const { memberId } = portalMember(request);
        await memberWrite(db, request, reply, async (trx, m) => {
          await deleteMember(trx, m.tenantId, m.memberId);
          await revokeAllMemberSessions(trx, m.memberId);
          await recordAudit(trx, {
            tenantId: m.tenantId,
            actor: m.actor,
            action: 'member.deleted',
            subjectType: 'member',
            subjectId: m.memberId,
            details: { via: 'portal' },
          });
          return { status: 204, body: null };
        });
        forgetMemberSessions(memberId);
        return null;
      },
    );

    app.get(
      '/v1/portal/me/balance',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'Points: available, pending with release dates, expiry schedule, other wallets',
          response: { 200: BalanceSchema, ...readErrors },
        },
      },
      async (request) => {
        const m = portalMember(request);
        return memberBalance(db, m.tenantId, m.memberId);
      },
    );

    app.get(
      '/v1/portal/me/history',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'The points history, newest first, each entry explained (cursor pagination)',
          querystring: HistoryQuery,
          response: { 200: HistorySchema, ...readErrors },
        },
      },
      async (request) => {
        const m = portalMember(request);
        return memberHistory(db, m.tenantId, m.memberId, request.query);
      },
    );

    app.get(
      '/v1/portal/me/tier',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'Current tier and what is still needed for the next one (and to keep this one), by when',
          response: { 200: TierViewSchema, ...readErrors },
        },
      },
      async (request) => {
        const m = portalMember(request);
        return memberTier(db, m.tenantId, m.memberId);
      },
    );

    app.get(
      '/v1/portal/me/export',
      {
        config,
        schema: {
          tags,
          security,
          summary: 'Download my data: everything held about the member, as one JSON file',
          response: {
            200: Type.Object({}, { additionalProperties: true, description: 'The member data document' }),
            ...readErrors,
          },
        },
      },
      async (request, reply) => {
        const m = portalMember(request);
        const data = await exportMemberData(db, m.tenantId, m.memberId);
        const day = data.exportedAt.slice(0, 10);
        reply
          .header('content-disposition', `attachment; filename="member-data-${day}.json"`)
          .header('cache-control', 'no-store')
          .type('application/json; charset=utf-8');
        // Sent as text: the document is built from each module's own shapes, not serialised by one schema.
        return JSON.stringify(data, null, 2);
      },
    );
  };
