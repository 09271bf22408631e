import { api, unwrap } from '../../api/client.js';
import { isNotFound, type Member } from '../lib.js';

/** What the search box looks in: profile text (name, email, phone) or one exact identity. */
export type SearchBy = 'text' | 'card' | 'external' | 'social';
export const SEARCH_BY: SearchBy[] = ['text', 'card', 'external', 'social'];
export type MemberStatus = 'active' | 'blocked' | 'deleted';

export interface MemberQuery {
  programId: string;
  searchBy: SearchBy;
  q: string;
  status: MemberStatus | '';
  segmentId: string;
}

export interface MemberPageResult {
  members: Member[];
  nextCursor: string | null;
}

export const PAGE_SIZE = 25;

/**
 * One page of members for the list. Three API paths answer it: the member list (text search and status filter), an
 * identity lookup (card, external id, social handle: at most one member), or a segment's members (ids in pages,
 * whose profiles are then fetched; the member list itself cannot filter by segment).
 */
export async function loadMemberPage(
  query: MemberQuery,
  cursor: string | undefined,
): Promise<MemberPageResult> {
  const q = query.q.trim();
  if (query.searchBy !== 'text' && q !== '') {
    try {
      const member = await unwrap(
        api.GET('/v1/members/lookup', {
          params: { query: { programId: query.programId, type: query.searchBy, value: q } },
        }),
      );
      const matches = query.status === '' || member.status === query.status;
      return { members: matches ? [member] : [], nextCursor: null };
    } catch (error) {
      if (isNotFound(error)) return { members: [], nextCursor: null };
      throw error;
    }
  }
  if (query.segmentId !== '') {
    const page = await unwrap(
      api.GET('/v1/segments/{id}/members', {
        params: { path: { id: query.segmentId }, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
      }),
    );
    const members = await Promise.all(
      page.items.map((item) =>
        unwrap(api.GET('/v1/members/{id}', { params: { path: { id: item.memberId } } })),
      ),
    );
    // Within a segment the status and text filters narrow the page in the browser.
    const text = q.toLowerCase();
    const matches = (m: Member) =>
      (query.status === '' || m.status === query.status) &&
      (text === '' ||
        [m.firstName, m.lastName, m.email, m.phone].some((v) => v?.toLowerCase().includes(text) === true));
    return { members: members.filter(matches), nextCursor: page.nextCursor };
  }
  const page = await unwrap(
    api.GET('/v1/members', {
      params: {
        query: {
          programId: query.programId,
          limit: PAGE_SIZE,
          ...(q !== '' ? { q } : {}),
          ...(query.status !== '' ? { status: query.status } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
  );
  return { members: page.data, nextCursor: page.nextCursor };
}
