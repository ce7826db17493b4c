import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '../../../../shared/schemas/dataset';
import { client, useQuery } from '../../api/client';
import { isDesktop } from '../../api/transport';
import { EmptyPhase } from '../../components/EmptyPhase';
import { ErrorBox } from '../../components/ErrorBox';
import { navigate, type Route } from '../../navigation';
import type { PhaseProps } from '../index';
import { DatasetView } from './DatasetView';
import { DropTarget, ImportPanel } from './ImportPanel';
import { ImportProgress } from './ImportProgress';
import { SamplesCard } from './SamplesCard';
import { TokenStep } from './TokenStep';
import { useImport } from './useImport';
import './data.css';

/**
 * Data: #/data/<tab>?project=P&dataset=NAME&version=ID. Without a project: what the phase is for and the
 * sample projects. With one: its data sets, an import anyone can drop a file onto, and the chosen version.
 */
export function DataPhase({ route, projectId }: PhaseProps) {
  if (!projectId) {
    return (
      <div className="data-phase">
        <EmptyPhase phase="data" needs="design" />
        <SamplesCard />
      </div>
    );
  }
  return <ProjectData key={projectId} projectId={projectId} route={route} />;
}

function ProjectData({ projectId, route }: { projectId: string; route: Route }) {
  const { t } = useTranslation('data');
  const project = useQuery('project.get', { project: projectId }, ['project']);
  const datasets = useQuery('dataset.list', { project: projectId }, ['dataset']);
  const [showImport, setShowImport] = useState(false);
  const [dropNote, setDropNote] = useState(false);
  const [asVersion, setAsVersion] = useState(false);
  const list = datasets.data ?? [];
  const chosen = list.find((d) => d.name === route.params.dataset) ?? list[0];

  const onDone = (r: ImportResult) => {
    setShowImport(false);
    navigate('data', [route.rest[0] ?? 'overview'], { project: projectId, dataset: r.version.name, version: r.version.id });
  };
  const imp = useImport(projectId, onDone);
  const busy = imp.state.stage === 'uploading' || imp.state.stage === 'scanning' || imp.state.stage === 'reviewing' || imp.state.stage === 'importing';

  // Desktop: File > Import data set… picks a path in the main process and hands it to this screen.
  const { importPath } = imp;
  useEffect(() => client.on('menu.action', (a) => a.action === 'import-dataset' && void importPath(a.path)), [importPath]);

  // Named after its file unless the user asked for a new version of the data set on screen.
  const name = showImport && asVersion ? chosen?.name : undefined;
  const onFile = (file: File) => {
    if (isDesktop()) return setDropNote(true);
    setDropNote(false);
    void imp.importFile(file, { name });
  };

  if (project.error) return <ErrorBox error={project.error} />;
  const empty = !datasets.loading && list.length === 0;
  return (
    <DropTarget onFile={onFile} disabled={busy}>
      <div className="page-head">
        <div className="grow">
          <h1>{t('title')}</h1>
          <p className="subtitle">{project.data ? t('subtitle', { project: project.data.name }) : '\u00a0'}</p>
        </div>
        {list.length > 1 && (
          <label className="row small">
            <span className="muted">{t('dataset')}</span>
            <select
              value={chosen?.name ?? ''}
              onChange={(e) => navigate('data', route.rest, { project: projectId, dataset: e.target.value })}
              data-testid="dataset-select"
              aria-label={t('dataset')}
            >
              {list.map((d) => (
                <option key={d.id} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {!empty && (
          <button type="button" className={showImport ? '' : 'primary'} onClick={() => setShowImport((v) => !v)} data-testid="import-toggle">
            {showImport ? t('common:actions.cancel') : t('import.button')}
          </button>
        )}
      </div>
      <ErrorBox error={datasets.error} />
      {dropNote && (
        <div className="alert info" role="status">
          {t('import.desktopDrop')}
        </div>
      )}
      {/* an import's outcome stays until the user moves to another version */}
      {(imp.state.stage !== 'done' || imp.state.result?.version.id === route.params.version) && <ImportProgress state={imp.state} onCancel={imp.cancel} onClose={imp.reset} />}
      {imp.state.stage === 'reviewing' && imp.state.scan && <TokenStep scan={imp.state.scan} fileName={imp.state.fileName} onImport={imp.confirmTokens} onCancel={imp.reset} />}
      {(empty || showImport) && !busy && (
        <ImportPanel
          onFile={onFile}
          onPath={(p) => void imp.importPath(p, { name })}
          busy={busy}
          asVersionOf={empty ? undefined : chosen?.name}
          asVersion={asVersion}
          onAsVersion={setAsVersion}
          compact={!empty}
        />
      )}
      {empty && (
        <p className="muted small" style={{ textAlign: 'center' }}>
          {t('emptyHint')}
        </p>
      )}
      {chosen && <DatasetView key={chosen.id} projectId={projectId} dataset={chosen} route={route} taskType={project.data?.taskType} />}
    </DropTarget>
  );
}
