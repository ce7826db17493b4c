import { useTranslation } from 'react-i18next';
import { hrefFor, type Phase } from '../navigation';

/**
 * The honest empty state of a phase: what the phase is for in MLOps, what it needs first, and a link to
 * the step that provides it. Never fake data.
 */
export function EmptyPhase({ phase, needs, project }: { phase: Phase; needs?: Phase; project?: string }) {
  const { t } = useTranslation();
  const points = t(`phases.${phase}.points`, { returnObjects: true }) as string[];
  return (
    <div className="empty card" data-testid={`empty-${phase}`}>
      <h2>{t(`phases.${phase}.title`)}</h2>
      <p className="muted">{t(`phases.${phase}.purpose`)}</p>
      {Array.isArray(points) && (
        <ul className="why">
          {points.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {needs && (
        <p>
          {t(`phases.${phase}.needs`)} <a href={hrefFor(needs, [], { project })}>{t('empty.goTo', { phase: t(`phases.${needs}.title`) })}</a>
        </p>
      )}
    </div>
  );
}
