import assert from 'node:assert/strict';
import type { Program } from '../../src/modules/tenants/programs.repository.js';
import { getProgram } from '../../src/modules/tenants/programs.service.js';
import { call, type TestContext } from './context.js';

/** Fixtures shared by the segment tests: a fresh program per scenario, members, purchases, segments. */
export function segmentFixtures(ctx: () => TestContext) {
  const api = (method: string, url: string, body?: unknown) =>
    call(ctx().app, ctx().a.key, method, url, body);
  let seq = 0;
  const DAY = 86_400_000;
  const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

  async function program(attributeSchema: object[] = []): Promise<Program> {
    const slug = `seg-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
    const res = await api('POST', '/v1/programs', {
      slug,
      name: slug,
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      attributeSchema,
    });
    assert.equal(res.statusCode, 201, res.body);
    return getProgram(ctx().db, ctx().a.tenantId, res.json().id);
  }

  async function member(p: Program, profile: object = {}, enrolledDaysAgo = 0): Promise<string> {
    const res = await api('POST', '/v1/members', { programId: p.id, firstName: `M${++seq}`, ...profile });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as string;
    if (enrolledDaysAgo > 0) {
      await ctx()
        .db.updateTable('members')
        .set({ created_at: ago(enrolledDaysAgo) })
        .where('id', '=', id)
        .execute();
    }
    return id;
  }

  async function buy(p: Program, memberId: string, daysAgo: number, amount: number, category = 'misc') {
    const res = await api('POST', '/v1/transactions', {
      programId: p.id,
      externalId: `SEG-${++seq}`,
      memberId,
      occurredAt: ago(daysAgo).toISOString(),
      currency: 'EUR',
      lines: [{ sku: `SKU-${category}`, category, quantity: 1, unitPrice: amount }],
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; points: { awarded: number } };
  }

  async function segment(p: Program, body: object): Promise<{ id: string; size: number; code: string }> {
    const res = await api('POST', '/v1/segments', { programId: p.id, name: 'Segment', ...body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }

  async function memberIdsOf(segmentId: string): Promise<string[]> {
    const res = await api('GET', `/v1/segments/${segmentId}/members?limit=500`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().items as { memberId: string }[]).map((i) => i.memberId).sort();
  }

  return { api, NOW, ago, program, member, buy, segment, memberIdsOf };
}
