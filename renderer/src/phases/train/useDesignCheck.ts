import { useEffect, useState } from 'react';
import type { AppError } from '../../../../shared/contract/errors';
import type { InputKind, ModelDesign } from '../../../../shared/schemas/training';
import { client, useQuery } from '../../api/client';
import type { DesignCheck } from './LayerEditor';

/**
 * Checks the design against the chosen data set version. One call with the data set (and an empty layer
 * list) gives its input shape and output units; every edit after that is checked against those, which is
 * pure arithmetic in the core and cheap to repeat.
 */
export function useDesignCheck(projectId: string, dataset: string | undefined, design: ModelDesign | undefined) {
  const inputKind: InputKind | undefined = design?.inputKind;
  const probe = useQuery('train.designCheck', dataset && inputKind ? { project: projectId, dataset, design: { inputKind, layers: [] } } : null, ['dataset']);
  const inputShape = probe.data?.inputShape;
  const outputUnits = probe.data?.outputUnits;
  const [check, setCheck] = useState<DesignCheck | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [checking, setChecking] = useState(false);
  const key = JSON.stringify([inputShape, outputUnits, design]);

  useEffect(() => {
    if (!design || !inputShape || !outputUnits) return;
    let live = true;
    setChecking(true);
    const timer = setTimeout(() => {
      client.call('train.designCheck', { project: projectId, inputShape, outputUnits, design }).then(
        (c) => {
          if (!live) return;
          setCheck(c);
          setError(undefined);
          setChecking(false);
        },
        (e: AppError) => {
          if (!live) return;
          setError(e);
          setChecking(false);
        },
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, projectId]);

  return { check: inputShape ? check : undefined, checking: checking || probe.loading, error: probe.error ?? error, outputUnits };
}
