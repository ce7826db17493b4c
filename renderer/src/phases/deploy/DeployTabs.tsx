import { useTranslation } from 'react-i18next';
import { hrefFor } from '../../navigation';

export const deploySections = ['bundles', 'serving'] as const;
export type DeploySection = (typeof deploySections)[number];

/** The Deploy phase's two views, as tabs under the page title. */
export function DeployTabs({ current, projectId }: { current: DeploySection; projectId?: string }) {
  const { t } = useTranslation('deploy');
  return (
    <nav className="deploy-tabs" aria-label={t('sections.label')}>
      {deploySections.map((s) => (
        <a key={s} href={hrefFor('deploy', [s], { project: projectId })} className={s === current ? 'active' : ''} aria-current={s === current ? 'page' : undefined} data-testid={`deploy-tab-${s}`}>
          {t(`sections.${s}`)}
        </a>
      ))}
    </nav>
  );
}
