import { useCallback, useEffect, useRef, useState } from 'react';
import { createClient, type Client } from '../../../shared/client';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/api';
import type { AppError } from '../../../shared/contract/errors';
import { createTransport } from './transport';

export const client: Client = createClient(createTransport());

export interface QueryState<T> {
  data: T | undefined;
  error: AppError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Calls a query method and keeps its result; reloads when the workspace changes under one of `topics`
 * (or any change made by another process, topic "*"). Pass `null` as input to skip the call.
 */
export function useQuery<M extends MethodName>(method: M, input: MethodInput<M> | null, topics: string[] = [method.split('.')[0]]): QueryState<MethodOutput<M>> {
  const [state, setState] = useState<{ data?: MethodOutput<M>; error?: AppError; loading: boolean }>({ loading: input !== null });
  const key = JSON.stringify(input);
  const seq = useRef(0);
  const load = useCallback(() => {
    if (input === null) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    (client.call as (m: string, i: unknown) => Promise<MethodOutput<M>>)(method, input).then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: AppError) => mine === seq.current && setState({ error, loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method, key]);
  useEffect(load, [load]);
  const topicKey = topics.join(',');
  useEffect(
    () =>
      client.on('workspace.changed', (p) => {
        if (p.topic === '*' || topicKey.split(',').includes(p.topic)) load();
      }),
    [load, topicKey],
  );
  return { data: state.data, error: state.error, loading: state.loading, reload: load };
}

/** Calls a command method; keeps the pending flag and the last error for the form that triggered it. */
export function useCommand<M extends MethodName>(method: M) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const run = useCallback(
    async (input: MethodInput<M>): Promise<MethodOutput<M> | undefined> => {
      setPending(true);
      setError(undefined);
      try {
        return await (client.call as (m: string, i: unknown) => Promise<MethodOutput<M>>)(method, input);
      } catch (err) {
        setError(err as AppError);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [method],
  );
  return { run, pending, error, clearError: () => setError(undefined) };
}
