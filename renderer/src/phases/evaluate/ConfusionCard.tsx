import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfusionMatrix } from '../../charts/ConfusionMatrix';

export interface ConfusionCardProps {
  classes: string[];
  confusion: { counts: number[][]; normalized: number[][] };
}

/** The confusion-matrix heat map with a counts / shares toggle. */
export function ConfusionCard({ classes, confusion }: ConfusionCardProps) {
  const { t } = useTranslation('evaluate-ui');
  const [normalized, setNormalized] = useState(false);
  return (
    <section className="card" aria-labelledby="confusion-title" data-testid="confusion-card">
      <div className="row" style={{ marginBottom: 8 }}>
        <h2 id="confusion-title" className="grow nowrap" style={{ margin: 0 }}>
          {t('evaluate:confusion.title')}
        </h2>
        <div className="eval-toggle" role="group" aria-label={t('confusion.show')}>
          <button type="button" aria-pressed={!normalized} className={!normalized ? 'on' : ''} onClick={() => setNormalized(false)} data-testid="confusion-counts">
            {t('confusion.counts')}
          </button>
          <button type="button" aria-pressed={normalized} className={normalized ? 'on' : ''} onClick={() => setNormalized(true)} data-testid="confusion-normalized">
            {t('confusion.normalized')}
          </button>
        </div>
      </div>
      <ConfusionMatrix
        classes={classes}
        counts={confusion.counts}
        normalized={confusion.normalized}
        showNormalized={normalized}
        trueLabel={t('evaluate:confusion.true')}
        predictedLabel={t('evaluate:confusion.predicted')}
        label={t('evaluate:confusion.title')}
        testId="confusion-matrix"
      />
      <p className="small muted" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('evaluate:confusion.caption')}
      </p>
    </section>
  );
}
