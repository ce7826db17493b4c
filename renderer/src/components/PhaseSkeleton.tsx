import { useTranslation } from 'react-i18next';

/** What a phase shows while its code loads (each phase is its own chunk): a title bar and two grey cards. */
export function PhaseSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="phase-skeleton" aria-busy="true" role="status" data-testid="phase-loading">
      <span className="sr-only">{t('state.loading')}</span>
      <div className="phase-skeleton-title" />
      <div className="card phase-skeleton-card" />
      <div className="card phase-skeleton-card short" />
    </div>
  );
}
