import { useCallback, useEffect, useRef, useState } from 'react';
import { importResultSchema, type ImportResult } from '../../../../shared/schemas/dataset';
import type { Job } from '../../../../shared/schemas/system';
import { client } from '../../api/client';
import { uploadFile } from '../../api/upload';
import type { ErrorLike } from './DataError';
import type { TokenPrep, TokenScan } from './TokenStep';

/** scanning/reviewing: the missing-value step before the import is stored (TokenStep.tsx). */
export type ImportStage = 'idle' | 'uploading' | 'scanning' | 'reviewing' | 'importing' | 'done' | 'failed';

export interface ImportState {
  stage: ImportStage;
  /** the file's name as the user knows it */
  fileName: string;
  fileSize: number | null;
  uploadFraction: number;
  job: Job | null;
  result: ImportResult | null;
  error: ErrorLike | null;
  /** the missing-value tokens found in the file, while the user reviews them */
  scan: TokenScan | null;
}

const idle: ImportState = { stage: 'idle', fileName: '', fileSize: null, uploadFraction: 0, job: null, result: null, error: null, scan: null };
const finished = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

export interface ImportOptions {
  /** import as a version of this data set (else the core names it after the file) */
  name?: string;
  /** per column: its own missing-value tokens (chosen in the token step) */
  prep?: TokenPrep;
}

/**
 * One import at a time: in browser mode the file is uploaded first (with progress), then the core's
 * import job is followed through its job.updated events until it finishes.
 */
export function useImport(projectId: string, onDone?: (result: ImportResult) => void) {
  const [state, setState] = useState<ImportState>(idle);
  const abort = useRef<AbortController | null>(null);
  const jobId = useRef<string | null>(null);
  const seen = useRef(new Map<string, Job>());
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  const applyJob = useCallback((job: Job) => {
    if (job.id !== jobId.current) return;
    if (!finished.has(job.status)) return setState((s) => ({ ...s, stage: 'importing', job }));
    jobId.current = null;
    if (job.status === 'succeeded') {
      const parsed = importResultSchema.safeParse(job.result);
      if (!parsed.success) {
        return setState((s) => ({ ...s, stage: 'failed', job, error: { code: 'internal', message: 'The import finished but its result could not be read.' } }));
      }
      setState((s) => ({ ...s, stage: 'done', job, result: parsed.data }));
      doneRef.current?.(parsed.data);
    } else {
      const error = job.error ?? { code: job.status === 'cancelled' ? 'cancelled' : 'internal', message: job.message };
      setState((s) => ({ ...s, stage: 'failed', job, error }));
    }
  }, []);

  // Events may arrive before the import call returns the job id: keep the latest of each job.
  useEffect(
    () =>
      client.on('job.updated', (job) => {
        if (job.kind !== 'dataset.import') return;
        seen.current.set(job.id, job);
        applyJob(job);
      }),
    [applyJob],
  );

  // A slow safety net in case an event is lost (a dropped event stream): ask for the job now and then.
  useEffect(() => {
    if (state.stage !== 'importing') return;
    const timer = setInterval(() => {
      const id = jobId.current;
      if (id) client.call('job.get', { id }).then(applyJob, () => undefined);
    }, 2000);
    return () => clearInterval(timer);
  }, [state.stage, applyJob]);

  const runImport = useCallback(
    async (path: string, options: ImportOptions) => {
      setState((s) => ({ ...s, stage: 'importing', uploadFraction: 1, scan: null }));
      const job = await client.call('dataset.import', { project: projectId, path, name: options.name, prep: options.prep ?? {} });
      jobId.current = job.id;
      applyJob(seen.current.get(job.id) ?? job);
    },
    [projectId, applyJob],
  );

  // The missing-value step: the file's tokens per column are shown before the import is stored (when it has any).
  const pending = useRef<{ path: string; options: ImportOptions } | null>(null);
  const reviewThenImport = useCallback(
    async (path: string, options: ImportOptions) => {
      setState((s) => ({ ...s, stage: 'scanning', uploadFraction: 1 }));
      const scan = await client.call('dataset.scanTokens', { project: projectId, path });
      if (!scan.columns.length) return runImport(path, options);
      pending.current = { path, options };
      setState((s) => ({ ...s, stage: 'reviewing', scan }));
    },
    [projectId, runImport],
  );

  const fail = (error: unknown) => setState((s) => ({ ...s, stage: 'failed', error: error as ErrorLike }));

  /** Browser mode: upload the file, then import it. */
  const importFile = useCallback(
    async (file: File, options: ImportOptions = {}) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setState({ ...idle, stage: 'uploading', fileName: file.name, fileSize: file.size });
      try {
        const uploaded = await uploadFile(file, (f) => setState((s) => ({ ...s, uploadFraction: f })), controller.signal);
        if (controller.signal.aborted) return;
        await reviewThenImport(uploaded.path, options);
      } catch (err) {
        fail(err);
      }
    },
    [reviewThenImport],
  );

  /** The token step's choice: import the reviewed file with these per-column tokens. */
  const confirmTokens = useCallback(
    (prep: TokenPrep) => {
      const p = pending.current;
      pending.current = null;
      if (p) runImport(p.path, { ...p.options, prep }).catch(fail);
    },
    [runImport],
  );

  /** Desktop app: import a file the user picked in a native dialog (no upload needed). */
  const importPath = useCallback(
    async (path: string, options: ImportOptions = {}) => {
      setState({ ...idle, stage: 'importing', fileName: path.split(/[\\/]/).pop() ?? path });
      try {
        await reviewThenImport(path, options);
      } catch (err) {
        fail(err);
      }
    },
    [reviewThenImport],
  );

  const cancel = useCallback(() => {
    abort.current?.abort();
    const id = jobId.current;
    if (id) client.call('job.cancel', { id }).catch(() => undefined);
  }, []);

  const reset = useCallback(() => {
    jobId.current = null;
    pending.current = null;
    setState(idle);
  }, []);

  return { state, importFile, importPath, confirmTokens, cancel, reset };
}
