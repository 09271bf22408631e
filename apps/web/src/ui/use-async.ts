import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs a loader when its dependencies change and keeps only the latest answer: a slow earlier response can never
 * overwrite a newer one (typing in a search box fires many loads).
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
  const run = useCallback(load, deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is how reload() asks for the same load again
  useEffect(() => {
    const id = ++latest.current;
    setLoading(true);
    setError(undefined);
    run().then(
      (value) => {
        if (id !== latest.current) return;
        setData(value);
        setLoading(false);
      },
      (failure: unknown) => {
        if (id !== latest.current) return;
        setError(failure);
        setLoading(false);
      },
    );
  }, [run, tick]);
  return { data, error, loading, reload: () => setTick((n) => n + 1) };
}
