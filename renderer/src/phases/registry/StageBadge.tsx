import { useTranslation } from 'react-i18next';
import type { ModelStage } from '../../../../shared/schemas/registry';

const tone: Record<ModelStage, string> = { none: '', staging: 'accent', production: 'ok', archived: 'warn' };

export function StageBadge({ stage }: { stage: ModelStage }) {
  const { t } = useTranslation('registry-ui');
  return (
    <span className={`badge ${tone[stage]}`} data-testid="stage-badge" data-stage={stage}>
      {t(`stage.${stage}`)}
    </span>
  );
}
