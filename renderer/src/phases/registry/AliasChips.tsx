import { useTranslation } from 'react-i18next';
import { CHAMPION } from '../../../../shared/schemas/registry';

/** Aliases in the order every list shows them: the champion first, then by name. */
export const championFirst = (a: string, b: string): number => (a === CHAMPION ? -1 : b === CHAMPION ? 1 : a.localeCompare(b));

/** alias -> version as chips ("champion v3"); the champion first. */
export function AliasChips({ aliases }: { aliases: Record<string, number> }) {
  const { t } = useTranslation('registry-ui');
  const entries = Object.entries(aliases).sort(([a], [b]) => championFirst(a, b));
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <span className="row tight">
      {entries.map(([alias, v]) => (
        <span key={alias} className={`badge alias ${alias === CHAMPION ? 'champion' : ''}`} title={t('aliases.heldBy', { alias, version: v })}>
          {alias === CHAMPION && '★ '}
          {alias} <b>v{v}</b>
        </span>
      ))}
    </span>
  );
}
