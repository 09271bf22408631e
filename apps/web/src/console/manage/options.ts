import { api, unwrap } from '../../api/client.js';
import { useAsync } from '../../ui/use-async.js';
import { useProgram } from '../context.js';

export interface Option {
  code: string;
  name: string;
}

/**
 * The program's tiers, for pickers: rules and audiences name tiers by code. Asked for only once a picker needs them,
 * since most programs have none (the API then answers 204).
 */
export function useTiers(needed: boolean): Option[] {
  const { program } = useProgram();
  const tiers = useAsync(async () => {
    if (!needed) return undefined;
    const { data, response } = await api.GET('/v1/programs/{id}/tiers', {
      params: { path: { id: program.id } },
    });
    if (response.status === 204 || data === undefined) return [];
    return data.tiers.map((tier) => ({ code: tier.code, name: tier.name }));
  }, [program.id, needed]);
  return tiers.data ?? [];
}

/** The program's segments (id, code, name), for pickers and report filters. */
export function useSegments(): (Option & { id: string })[] {
  const { program } = useProgram();
  const segments = useAsync(
    async () =>
      (await unwrap(api.GET('/v1/segments', { params: { query: { programId: program.id } } }))).items.map(
        (s) => ({
          id: s.id,
          code: s.code,
          name: s.name,
        }),
      ),
    [program.id],
  );
  return segments.data ?? [];
}
