import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput } from '../../../../shared/contract/api';
import type { AppError } from '../../../../shared/contract/errors';
import type { RunRowSummary } from '../../../../shared/schemas/training';
import { client } from '../../api/client';

export const PAGE_SIZE = 200;

export type RunFilters = Omit<Exclude<MethodInput<'run.rows'>, undefined>, 'limit' | 'offset'>;

interface Page {
  items: RunRowSummary[];
  version: number;
}

/**
 * The runs table in pages of PAGE_SIZE (run.rows: only the columns shown), fetched from the core as the
 * user scrolls (the core sorts, filters and searches). The pages before and after the visible ones are
 * fetched ahead, so a normal scroll never reaches a page that is not there. Refetches the pages on
 * screen when runs change, at most every 1.5 s.
 */
export function useRunPages(filters: RunFilters) {
  const key = JSON.stringify(filters);
  const [total, setTotal] = useState<number | undefined>();
  const [pages, setPages] = useState<Map<number, Page>>(new Map());
  const [error, setError] = useState<AppError | undefined>();
  const [version, setVersion] = useState(0);
  const inFlight = useRef(new Set<string>());
  const keyRef = useRef(key);

  useEffect(() => {
    keyRef.current = key;
    inFlight.current.clear();
    setPages(new Map());
    setTotal(undefined);
    setError(undefined);
  }, [key]);

  const fetchPage = useCallback(
    (index: number, v: number) => {
      const tag = `${key}#${index}#${v}`;
      if (inFlight.current.has(tag)) return;
      inFlight.current.add(tag);
      client.call('run.rows', { ...(JSON.parse(key) as RunFilters), limit: PAGE_SIZE, offset: index * PAGE_SIZE }).then(
        (res) => {
          if (keyRef.current !== key) return;
          setTotal(res.total);
          setError(undefined);
          setPages((old) => new Map(old).set(index, { items: res.items, version: v }));
        },
        (err: AppError) => keyRef.current === key && setError(err),
      );
    },
    [key],
  );

  /**
   * Makes sure the pages covering rows [from, to] are loaded and current, then the page before and the page
   * after them (prefetched once the visible ones are loaded; kept current too).
   */
  const ensure = useCallback(
    (from: number, to: number) => {
      const first = Math.floor(from / PAGE_SIZE);
      const last = Math.floor(Math.max(from, to) / PAGE_SIZE);
      const lastPage = total === undefined ? last : Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
      const order = [];
      for (let p = first; p <= last; p++) order.push(p);
      // neighbours once the visible pages are there (they go first: the core answers one call at a time)
      if (order.every((p) => pages.has(p))) order.push(last + 1, first - 1);
      for (const p of order) {
        if (p < 0 || p > lastPage) continue;
        const page = pages.get(p);
        if (!page || page.version < version) fetchPage(p, version);
      }
    },
    [pages, version, fetchPage, total],
  );

  // Runs change: a command on runs, a status change, an epoch finishing (its metrics show in the table).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const bump = () => {
      if (timer) return;
      const wait = Math.max(0, 1500 - (Date.now() - last));
      timer = setTimeout(() => {
        timer = undefined;
        last = Date.now();
        setVersion((v) => v + 1);
      }, wait);
    };
    const offs = [
      client.on('workspace.changed', (p) => (p.topic === '*' || p.topic === 'run' || p.topic === 'train' ? bump() : undefined)),
      client.on('training.status', bump),
      client.on('training.epoch', bump),
    ];
    return () => {
      offs.forEach((off) => off());
      if (timer) clearTimeout(timer);
    };
  }, []);

  const row = (i: number): RunRowSummary | undefined => pages.get(Math.floor(i / PAGE_SIZE))?.items[i % PAGE_SIZE];
  return { total, row, ensure, error, loading: total === undefined && !error };
}
