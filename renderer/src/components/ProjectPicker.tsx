import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/client';

/** Chooses the project the phases work on; the choice lives in the URL (?project=id). */
export function ProjectPicker({ value, onChange }: { value?: string; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation();
  const projects = useQuery('project.list', { includeArchived: false }, ['project', 'dataset']);
  return (
    <label className="row" style={{ gap: 6 }}>
      <span className="muted small">{t('topbar.project')}</span>
      <select aria-label={t('topbar.project')} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('topbar.noProject')}</option>
        {(projects.data ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
