import { useTranslation } from 'react-i18next';
import { hrefFor } from '../../navigation';
import type { PhaseProps } from '../index';
import { AuditTrail } from './AuditTrail';
import { ModelList } from './ModelList';
import { ModelPage } from './ModelPage';
import { RegisterForm } from './RegisterForm';
import './registry.css';

/**
 * Registry: #/registry lists the models (of the selected project, or all), #/registry/register registers
 * a finished run, #/registry/model/NAME/<tab>?v=N shows one model (versions, history, card, lineage) and
 * #/registry/audit is the workspace audit trail.
 */
export function RegistryPhase({ route, projectId }: PhaseProps) {
  const [mode, name, tab] = route.rest;
  return (
    <div className="registry-phase">
      {mode === 'model' && name ? (
        <ModelPage key={name} name={name} tab={tab} route={route} projectId={projectId} />
      ) : mode === 'register' && projectId ? (
        <RegisterForm projectId={projectId} run={route.params.run} model={route.params.model} />
      ) : (
        (() => {
          const tabs = <PhaseTabs current={mode === 'audit' ? 'audit' : 'models'} projectId={projectId} />;
          return mode === 'audit' ? <AuditTrail route={route} projectId={projectId} tabs={tabs} /> : <ModelList projectId={projectId} tabs={tabs} />;
        })()
      )}
    </div>
  );
}

function PhaseTabs({ current, projectId }: { current: 'models' | 'audit'; projectId?: string }) {
  const { t } = useTranslation('registry-ui');
  return (
    <nav className="reg-tabs top" aria-label={t('phaseTabs.label')}>
      <a
        href={hrefFor('registry', [], { project: projectId })}
        className={current === 'models' ? 'active' : ''}
        aria-current={current === 'models' ? 'page' : undefined}
        data-testid="tab-models"
      >
        {t('phaseTabs.models')}
      </a>
      <a
        href={hrefFor('registry', ['audit'], { project: projectId })}
        className={current === 'audit' ? 'active' : ''}
        aria-current={current === 'audit' ? 'page' : undefined}
        data-testid="tab-audit"
      >
        {t('phaseTabs.audit')}
      </a>
    </nav>
  );
}
