import { useTranslation } from 'react-i18next';
import { hrefFor } from '../../navigation';

export const deploySections = ['bundles', 'serving', 'batch'] as const;
export type DeploySection = (typeof deploySections)[number];

/** The Deploy phase's views, as tabs under the page title. */
const labelKeys: Record<DeploySection, string> = { bundles: 'sections.bundles', serving: 'sections.serving', batch: 'batch:tab' };

export function DeployTabs({ current, projectId }: { current: DeploySection; projectId?: string }) {
  const { t } = useTranslation('deploy');
  return (
    <nav className="deploy-tabs" aria-label={t('sections.label')}>
      {deploySections.map((s) => (
        <a
          key={s}
          href={hrefFor('deploy', [s], { project: projectId })}
          className={s === current ? 'active' : ''}
          aria-current={s === current ? 'page' : undefined}
          data-testid={`deploy-tab-${s}`}
        >
          {t(labelKeys[s])}
        </a>
      ))}
    </nav>
  );
}
