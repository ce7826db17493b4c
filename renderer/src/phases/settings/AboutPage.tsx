import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import { isDesktop } from '../../api/transport';
import { NamesKept } from '../../components/NamesKept';

const datasets = [
  { file: 'iris.csv', credit: 'Fisher (1936), UCI Machine Learning Repository', licence: 'CC BY 4.0' },
  { file: 'wine.csv', credit: 'Forina et al., UCI Wine data set', licence: 'CC BY 4.0' },
  { file: 'breast_cancer.csv', credit: 'Wolberg, Street, Mangasarian, UCI Breast Cancer Wisconsin (Diagnostic)', licence: 'CC BY 4.0' },
  { file: 'digits_8x8.csv', credit: 'Alpaydin and Kaynak, UCI Optical Recognition of Handwritten Digits', licence: 'CC BY 4.0' },
  { file: 'diabetes.csv', credit: 'Efron, Hastie, Johnstone, Tibshirani (2004), "Least Angle Regression", Annals of Statistics', licence: '' },
];

/** About Ciclo and about the sample data (attribution the licences require). */
export function AboutPage() {
  const { t } = useTranslation();
  const info = useQuery('system.info', {}, []);
  return (
    <div>
      <div className="page-head">
        <div className="grow">
          <h1>{t('about.title')}</h1>
          <p className="subtitle">{t('about.subtitle')}</p>
        </div>
      </div>
      {info.data && (
        <div className="card">
          <table className="data">
            <tbody>
              <tr>
                <th>{t('about.version')}</th>
                <td>{info.data.version}</td>
              </tr>
              <tr>
                <th>{t('about.mode')}</th>
                <td>{isDesktop() ? t('about.desktop') : t('about.browser')}</td>
              </tr>
              <tr>
                <th>{t('about.workspace')}</th>
                <td className="mono">{info.data.dataDir}</td>
              </tr>
              <tr>
                <th>{t('about.platform')}</th>
                <td>
                  {info.data.platform} · Node {info.data.node}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      <div className="card">
        <h2>{t('about.dataTitle')}</h2>
        <p className="muted">{t('about.dataText')}</p>
        <table className="data">
          <thead>
            <tr>
              <th>{t('about.file')}</th>
              <th>{t('about.source')}</th>
              <th>{t('about.licence')}</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr key={d.file}>
                <td className="mono">{d.file}</td>
                <td translate="no">{d.credit}</td>
                <td translate="no">{d.licence || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small muted" style={{ marginTop: 10 }}>
          <NamesKept text={(marks) => t('about.sklearnNote', marks)} names={{ source: 'scikit-learn 1.2 (BSD-3-Clause)' }} />
        </p>
      </div>
    </div>
  );
}
