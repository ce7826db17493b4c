import { useEffect, useRef, useState } from 'react';
import type { ColumnRole } from '../../../../shared/schemas/dataset';
import { useCommand } from '../../api/client';

/** A target choice the core has saved: the version that records it. */
export interface TargetSaved {
  versionId: string;
  version: number;
  target: string | null;
}

/**
 * The target column is saved as soon as it is chosen (a schema change: a new version, or the identical one
 * that exists). A short pause first, so stepping through the options with the arrow keys saves only the one
 * the user stops on; a choice made while a save runs is saved next, on top of it.
 * `oldRole` is the role the previous target takes (when the user gave it one in the schema table).
 */
export function useTargetSaver(projectId: string, version: { id: string; target: string | null }, onSaved: (s: TargetSaved) => void, pauseMs = 400) {
  const cmd = useCommand('dataset.updateSchema');
  const [chosen, setChosen] = useState<{ target: string | null; oldRole?: ColumnRole } | undefined>();
  const wish = useRef<{ target: string | null; oldRole?: ColumnRole } | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const running = useRef(false);
  const saved = useRef(onSaved);
  saved.current = onSaved;

  const flush = async () => {
    if (running.current) return; // the running loop picks up the latest wish
    running.current = true;
    let base = version.id;
    let current = version.target;
    let last: TargetSaved | undefined;
    while (wish.current && wish.current.target !== current) {
      const { target, oldRole } = wish.current;
      const r = await cmd.run({ project: projectId, dataset: base, target, roles: current && oldRole ? { [current]: oldRole } : {} });
      if (!r) {
        wish.current = undefined;
        last = undefined;
        break;
      }
      last = { versionId: r.version.id, version: r.version.version, target: r.version.target };
      base = r.version.id;
      current = r.version.target;
    }
    running.current = false;
    wish.current = undefined;
    if (last) saved.current(last);
    else setChosen(undefined);
  };

  const choose = (target: string | null, oldRole?: ColumnRole) => {
    setChosen({ target, oldRole });
    wish.current = { target, oldRole };
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), pauseMs);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  return {
    /** the target to show: the one being saved, else the version's */
    shown: chosen ? chosen.target : version.target,
    /** the role the previous target is shown with while a new one is saved */
    oldRole: chosen?.oldRole,
    choose,
    saving: chosen !== undefined,
    error: cmd.error,
  };
}
