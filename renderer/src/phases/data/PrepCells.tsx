import { useTranslation } from 'react-i18next';
import type { Column } from '../../../../shared/schemas/dataset';
import { dateHandlings, dateOrders, strategiesFor, type DateHandling, type DateOrder, type MissingStrategy } from '../../../../shared/schemas/prep';
import type { PrepDraft } from './schemaDraft';

/**
 * A column's missing-value handling (fill strategy, its constant, the missing indicator), its missing-value
 * tokens and, for a date, how it becomes features and how it is written (year, day or month first):
 * three schema-table cells, editable until applied.
 */
export function PrepCells({
  column,
  type,
  role,
  prep,
  stored,
  editable,
  onPrep,
}: {
  column: string;
  type: Column['type'];
  role: Column['role'];
  prep: PrepDraft;
  stored: PrepDraft;
  editable: boolean;
  onPrep: (patch: Partial<PrepDraft>) => void;
}) {
  const { t } = useTranslation('data');
  const used = role === 'feature' && type !== 'text';
  const strategies = strategiesFor(type);
  const strategy = strategies.includes(prep.missingStrategy) ? prep.missingStrategy : strategies[0];
  const edited = (a: unknown, b: unknown) => (a !== b ? 'edited' : undefined);
  return (
    <>
      <td
        className={edited(
          `${prep.missingStrategy}|${prep.missingConstant}|${prep.missingIndicator}`,
          `${stored.missingStrategy}|${stored.missingConstant}|${stored.missingIndicator}`,
        )}
      >
        {used ? (
          <div className="prep-cell">
            <select
              value={strategy}
              disabled={!editable}
              onChange={(e) => onPrep({ missingStrategy: e.target.value as MissingStrategy, missingIndicator: e.target.value !== 'category' })}
              aria-label={t('prep.strategyOf', { column })}
              data-testid={`strategy-${column}`}
            >
              {strategies.map((k) => (
                <option key={k} value={k}>
                  {t(`prep.strategy.${k}`)}
                </option>
              ))}
            </select>
            {strategy === 'constant' && (
              <input
                className="prep-constant"
                value={prep.missingConstant}
                disabled={!editable}
                onChange={(e) => onPrep({ missingConstant: e.target.value })}
                aria-label={t('prep.constantOf', { column })}
                placeholder={t('prep.constant')}
              />
            )}
            <label className="small muted prep-indicator" title={t('prep.indicatorHint')}>
              <input
                type="checkbox"
                checked={prep.missingIndicator}
                disabled={!editable}
                onChange={(e) => onPrep({ missingIndicator: e.target.checked })}
                aria-label={t('prep.indicatorOf', { column })}
              />{' '}
              {t('prep.indicator')}
            </label>
          </div>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className={edited(prep.missingTokens, stored.missingTokens)}>
        <input
          className="prep-tokens"
          value={prep.missingTokens}
          disabled={!editable}
          onChange={(e) => onPrep({ missingTokens: e.target.value })}
          aria-label={t('prep.tokensOf', { column })}
          title={t('prep.tokensHint')}
          data-testid={`tokens-${column}`}
        />
      </td>
      <td className={edited(`${prep.dateHandling}|${prep.dateOrder}`, `${stored.dateHandling}|${stored.dateOrder}`)}>
        {type === 'datetime' ? (
          <>
            <select
              value={prep.dateHandling}
              disabled={!editable}
              onChange={(e) => onPrep({ dateHandling: e.target.value as DateHandling })}
              aria-label={t('prep.dateOf', { column })}
              title={t(`prep.dateHint.${prep.dateHandling}`)}
              data-testid={`date-${column}`}
            >
              {dateHandlings.map((k) => (
                <option key={k} value={k}>
                  {t(`prep.date.${k}`)}
                </option>
              ))}
            </select>
            {prep.dateHandling === 'parts' && <div className="muted small">{t('prep.partsList')}</div>}
            <select
              value={prep.dateOrder}
              disabled={!editable}
              onChange={(e) => onPrep({ dateOrder: e.target.value as DateOrder })}
              aria-label={t('prep.dateOrderOf', { column })}
              title={t('prep.dateOrderHint')}
              data-testid={`date-order-${column}`}
            >
              {dateOrders.map((k) => (
                <option key={k} value={k}>
                  {t(`prep.dateOrder.${k}`)}
                </option>
              ))}
            </select>
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </>
  );
}
