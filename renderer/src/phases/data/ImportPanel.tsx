import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { isDesktop } from '../../api/transport';
import { DataError, type ErrorLike } from './DataError';

/** File types the import understands (IDX files have no common extension, hence "*"). */
const accept = '.csv,.tsv,.txt,.jsonl,.ndjson,.gz,.idx,.ubyte,*';

function hasFiles(e: DragEvent) {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

/**
 * Makes everything inside it a drop target for one file; shows an overlay while a file is dragged over.
 * In the desktop app a dropped File has no readable path (the preload exposes only invoke/on), so the
 * drop explains to use the button instead.
 */
export function DropTarget({ onFile, disabled, children }: { onFile: (file: File) => void; disabled?: boolean; children: ReactNode }) {
  const { t } = useTranslation('data');
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  return (
    <div
      className={`drop-target data-phase${over ? ' over' : ''}`}
      data-testid="data-drop-target"
      onDragEnter={(e) => {
        if (!hasFiles(e) || disabled) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e) || disabled) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (disabled) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const file = e.dataTransfer?.files?.[0];
        if (file) onFile(file);
      }}
    >
      {children}
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          <div>{t('import.dropHere')}</div>
        </div>
      )}
    </div>
  );
}

/**
 * The import card: drop a file, pick it with the browser's file input, or (desktop app) a native dialog.
 * `asVersionOf` offers to import the file as a new version of the data set on screen.
 */
export function ImportPanel({
  onFile,
  onPath,
  busy,
  asVersionOf,
  asVersion,
  onAsVersion,
  compact,
}: {
  onFile: (file: File) => void;
  onPath: (path: string) => void;
  busy: boolean;
  /** the data set on screen, when there is one */
  asVersionOf?: string;
  /** whether the next import becomes a version of `asVersionOf` (else it is named after its file) */
  asVersion: boolean;
  onAsVersion: (v: boolean) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation('data');
  const input = useRef<HTMLInputElement>(null);
  const [dialogError, setDialogError] = useState<ErrorLike | null>(null);
  const desktop = isDesktop();

  const pickDesktop = async () => {
    setDialogError(null);
    try {
      const r = await client.call('dialog.openFile', {
        title: t('import.pickTitle'),
        filters: [
          { name: t('import.filterTables'), extensions: ['csv', 'tsv', 'txt', 'jsonl', 'ndjson'] },
          { name: t('import.filterIdx'), extensions: ['gz', 'idx', 'ubyte'] },
          { name: t('import.filterAll'), extensions: ['*'] },
        ],
        multiple: false,
      });
      if (r.paths[0]) onPath(r.paths[0]);
    } catch (err) {
      setDialogError(err as ErrorLike);
    }
  };
  const pickFolder = async () => {
    setDialogError(null);
    try {
      const r = await client.call('dialog.openFolder', { title: t('import.pickFolderTitle') });
      if (r.path) onPath(r.path);
    } catch (err) {
      setDialogError(err as ErrorLike);
    }
  };

  return (
    <div className={`card dropzone${compact ? ' compact' : ''}`} data-testid="import-panel">
      <div className="dropzone-icon" aria-hidden="true">
        ⇪
      </div>
      <h2>{asVersionOf ? t('import.titleMore') : t('import.title')}</h2>
      <p className="muted">{desktop ? t('import.hintDesktop') : t('import.hint')}</p>
      <div className="row" style={{ justifyContent: 'center' }}>
        {desktop ? (
          <>
            <button type="button" className="primary" disabled={busy} onClick={() => void pickDesktop()} data-testid="import-pick">
              {t('import.pick')}
            </button>
            <button type="button" disabled={busy} onClick={() => void pickFolder()}>
              {t('import.pickFolder')}
            </button>
          </>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={() => input.current?.click()} data-testid="import-pick">
            {t('import.pick')}
          </button>
        )}
        <input
          ref={input}
          type="file"
          accept={accept}
          hidden
          data-testid="import-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) onFile(file);
          }}
        />
      </div>
      {asVersionOf && (
        <label className="row small" style={{ justifyContent: 'center', marginTop: 10 }}>
          <input type="checkbox" checked={asVersion} onChange={(e) => onAsVersion(e.target.checked)} data-testid="import-as-version" />
          {t('import.asVersion', { name: asVersionOf })}
        </label>
      )}
      <p className="muted small" style={{ marginTop: 10 }}>
        {t('import.formats')}
      </p>
      <DataError error={dialogError} />
    </div>
  );
}
