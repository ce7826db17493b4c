import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lineage } from '../../../../shared/schemas/registry';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { downloadText } from '../../download';
import { LineageGraph } from './LineageGraph';

/** Where a version comes from, as a graph to click through (or as JSON). */
export function LineageView({ refText, projectId }: { refText: string; projectId: string }) {
  const { t } = useTranslation('registry-ui');
  const lineage = useQuery('lineage.get', { model: refText }, ['model', 'eval', 'run', 'dataset', 'project']);
  const [json, setJson] = useState(false);
  if (lineage.error) return <ErrorBox error={lineage.error} />;
  if (!lineage.data) return <span className="spinner" />;
  const data: Lineage = lineage.data;
  return (
    <div className="card stack" data-testid="lineage">
      <div className="row">
        <div className="grow">
          <h2>{t('lineage.title', { ref: data.ref })}</h2>
          <p className="muted small">{t('lineage.hint')}</p>
        </div>
        <button type="button" onClick={() => setJson(!json)} aria-pressed={json} data-testid="lineage-json-toggle">
          {json ? t('lineage.showGraph') : t('lineage.showJson')}
        </button>
        <button type="button" onClick={() => downloadText(`${data.ref.replace('@', '-v')}-lineage.json`, JSON.stringify(data, null, 2), 'application/json')}>
          ⤓ JSON
        </button>
      </div>
      {json ? (
        <pre className="json" data-testid="lineage-json">
          {JSON.stringify(data, null, 2)}
        </pre>
      ) : (
        <LineageGraph lineage={data} projectId={projectId} />
      )}
    </div>
  );
}
