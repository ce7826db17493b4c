import { useTranslation } from 'react-i18next';
import type { Evaluation } from '../../../../shared/schemas/evaluation';
import { formatCount } from '../../format';
import { metricLabel } from './metric-format';
import { useSaid } from './said';

const SHOWN = 5;

/** What the reader must know before trusting the numbers: rows left out and metrics that are undefined here. */
export function Notes({ evaluation: e }: { evaluation: Evaluation }) {
  const { t } = useTranslation('evaluate-ui');
  const said = useSaid();
  if (e.skippedRows === 0 && e.warnings.length === 0) return null;
  return (
    <div className="alert warn" data-testid="eval-notes">
      {e.skippedRows > 0 && (
        <div>
          <strong>{t('notes.skipped', { count: e.skippedRows, rows: formatCount(e.skippedRows) })}</strong>
          <ul>
            {e.skipped.slice(0, SHOWN).map((s) => (
              <li key={s.row}>
                {t('notes.row', { n: formatCount(s.row + 1) })}: {said(s)}
              </li>
            ))}
            {e.skipped.length > SHOWN && <li>{t('notes.more', { n: formatCount(e.skippedRows - SHOWN) })}</li>}
          </ul>
        </div>
      )}
      {e.warnings.length > 0 && (
        <ul>
          {e.warnings.map((w, i) => (
            <li key={i}>
              <strong>{metricLabel(w.metric)}</strong>
              {w.classLabel ? ` (${w.classLabel})` : ''}: {said(w)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
