import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/api';
import type { AppError } from '../../../../shared/contract/errors';
import { client } from '../../api/client';
import { isDesktop } from '../../api/transport';
import { uploadFile } from '../../api/upload';
import { ErrorBox } from '../../components/ErrorBox';
import { VerifyView } from './VerifyView';

type Report = MethodOutput<'bundle.verify'>;

/** Import by file picker (desktop dialog or browser upload) or drag and drop; the verification view comes first. */
export function ImportCard({ onImported, initialPath }: { onImported: (ref: string) => void; initialPath?: string }) {
  const { t } = useTranslation('deploy');
  const input = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<{ kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'report'; path: string; file: string; report: Report }>({ kind: 'idle' });
  const [error, setError] = useState<AppError | undefined>();
  const [over, setOver] = useState(false);
  const desktop = isDesktop();

  const verifyPath = async (path: string, file: string) => {
    setStage({ kind: 'busy', text: t('import.verifying', { file }) });
    const report = await client.call('bundle.verify', { path });
    setStage({ kind: 'report', path, file, report });
  };
  const guard = async (body: () => Promise<void>) => {
    setError(undefined);
    try {
      await body();
    } catch (err) {
      setError(err as AppError);
      setStage({ kind: 'idle' });
    }
  };
  const fromFile = (f: File) =>
    guard(async () => {
      if (!f.name.toLowerCase().endsWith('.ciclo')) throw { code: 'invalid_input', message: t('import.notCiclo', { file: f.name }) } as AppError;
      setStage({ kind: 'busy', text: t('import.uploading', { file: f.name }) });
      const up = await uploadFile(f, () => undefined);
      await verifyPath(up.path, f.name);
    });
  const pickDesktop = () =>
    guard(async () => {
      const r = await client.call('dialog.openFile', { title: t('import.title'), filters: [{ name: 'Ciclo bundle', extensions: ['ciclo'] }], multiple: false });
      if (r.paths[0]) await verifyPath(r.paths[0], r.paths[0].split(/[\\/]/).pop() ?? r.paths[0]);
    });
  useEffect(() => {
    if (initialPath) void guard(() => verifyPath(initialPath, initialPath.split(/[\\/]/).pop() ?? initialPath));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialPath]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (!f) return;
    if (desktop) return setError({ code: 'invalid_input', message: t('import.dropDesktop') } as AppError);
    void fromFile(f);
  };

  return (
    <div
      className={`card stack bundle-drop${over ? ' active' : ''}`}
      data-testid="bundle-import"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <h2>{t('import.title')}</h2>
      <p className="muted">{t('import.hint')}</p>
      {stage.kind !== 'report' && (
        <div className="row">
          {desktop ? (
            <button type="button" className="primary" disabled={stage.kind === 'busy'} onClick={() => void pickDesktop()} data-testid="bundle-pick">
              {t('import.choose')}
            </button>
          ) : (
            <>
              <button type="button" className="primary" disabled={stage.kind === 'busy'} onClick={() => input.current?.click()} data-testid="bundle-pick">
                {t('import.choose')}
              </button>
              <input
                ref={input}
                type="file"
                accept=".ciclo"
                hidden
                data-testid="bundle-file"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (f) void fromFile(f);
                }}
              />
            </>
          )}
          <span className="muted">{desktop ? t('import.dropDesktop') : t('import.drop')}</span>
        </div>
      )}
      {stage.kind === 'busy' && (
        <p role="status">
          <span className="spinner" /> {stage.text}
        </p>
      )}
      <ErrorBox error={error} />
      {stage.kind === 'report' && (
        <VerifyView
          path={stage.path}
          file={stage.file}
          report={stage.report}
          onClose={() => setStage({ kind: 'idle' })}
          onImported={(ref) => {
            onImported(ref);
          }}
        />
      )}
    </div>
  );
}
