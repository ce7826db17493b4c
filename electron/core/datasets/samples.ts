import type { Criterion } from '../../../shared/schemas/charter.js';
import type { SampleId, SampleInfo } from '../../../shared/schemas/dataset.js';
import en from '../../../shared/i18n/locales/data.en.json' with { type: 'json' };
import es from '../../../shared/i18n/locales/data.es.json' with { type: 'json' };
import { resourcePath } from '../resources.js';

export interface SampleSpec extends SampleInfo {
  file: string;
  criteria: Criterion[];
  intendedUse: string;
}

const UCI = 'UCI Machine Learning Repository, CC BY 4.0';
/** Where the shipped values were copied from (every sample): a citation, shown after the source in the UI's language. */
const SKLEARN = 'scikit-learn 1.2 (BSD-3-Clause)';

/** The samples that ship in resources/datasets, each with the charter its sample project starts with. */
export const samples: SampleSpec[] = [
  {
    id: 'iris',
    title: 'Iris',
    file: 'iris.csv',
    description: 'Tell three species of iris apart from four flower measurements.',
    intendedUse: 'Teaching: a first, small classification problem where a simple model does well.',
    rows: 150,
    columns: 5,
    taskType: 'multiclass',
    target: 'species',
    criteria: [
      { metric: 'accuracy', comparator: '>=', threshold: 0.9 },
      { metric: 'f1_macro', comparator: '>=', threshold: 0.9 },
    ],
    attribution: `Fisher (1936). ${UCI}`,
    copiedFrom: SKLEARN,
  },
  {
    id: 'wine',
    title: 'Wine',
    file: 'wine.csv',
    description: 'Recognise which of three cultivars a wine comes from, from 13 chemical measurements.',
    intendedUse: 'Teaching: multiclass classification with features on very different scales.',
    rows: 178,
    columns: 14,
    taskType: 'multiclass',
    target: 'cultivar',
    criteria: [
      { metric: 'accuracy', comparator: '>=', threshold: 0.9 },
      { metric: 'f1_macro', comparator: '>=', threshold: 0.9 },
    ],
    attribution: `Forina et al., UCI Wine data set. ${UCI}`,
    copiedFrom: SKLEARN,
  },
  {
    id: 'breast_cancer',
    title: 'Breast cancer (Wisconsin diagnostic)',
    file: 'breast_cancer.csv',
    description: 'Tell malignant from benign breast masses from 30 measurements of cell nuclei in a fine-needle aspirate image.',
    intendedUse: 'Teaching only: a binary task where missing a malignant case costs more than a false alarm. Not for clinical use.',
    rows: 569,
    columns: 31,
    taskType: 'binary',
    target: 'diagnosis',
    criteria: [
      { metric: 'roc_auc', comparator: '>=', threshold: 0.95 },
      { metric: 'balanced_accuracy', comparator: '>=', threshold: 0.9 },
    ],
    attribution: `Wolberg, Street, Mangasarian, UCI Breast Cancer Wisconsin (Diagnostic). ${UCI}`,
    copiedFrom: SKLEARN,
  },
  {
    id: 'digits_8x8',
    title: 'Handwritten digits (8x8)',
    file: 'digits_8x8.csv',
    description: 'Read handwritten digits 0-9 from 8x8 grey-level images (one column per pixel, values 0-16).',
    intendedUse: 'Teaching: image-like multiclass classification with 10 classes, small enough to train in seconds.',
    rows: 1797,
    columns: 65,
    taskType: 'multiclass',
    target: 'digit',
    criteria: [
      { metric: 'accuracy', comparator: '>=', threshold: 0.9 },
      { metric: 'f1_macro', comparator: '>=', threshold: 0.9 },
    ],
    attribution: `Alpaydin and Kaynak, UCI Optical Recognition of Handwritten Digits (test part). ${UCI}`,
    copiedFrom: SKLEARN,
  },
  {
    id: 'diabetes',
    title: 'Diabetes progression',
    file: 'diabetes.csv',
    description: 'Predict a measure of diabetes progression one year later from age, sex, BMI, blood pressure and six blood serum measurements.',
    intendedUse: 'Teaching: a small regression problem with noisy targets, where R² around 0.5 is already good.',
    rows: 442,
    columns: 11,
    taskType: 'regression',
    target: 'disease_progression',
    criteria: [
      { metric: 'r2', comparator: '>=', threshold: 0.4 },
      { metric: 'mae', comparator: '<=', threshold: 50 },
    ],
    attribution: 'Efron, Hastie, Johnstone, Tibshirani (2004), "Least Angle Regression", Annals of Statistics',
    copiedFrom: SKLEARN,
  },
];

export function sampleById(id: SampleId): SampleSpec {
  return samples.find((s) => s.id === id)!;
}

/** The folder with the sample CSVs (resources/datasets), in a checkout or a packaged app (see resources.ts). */
export function samplesDir(): string {
  return resourcePath('datasets');
}

/** The sample texts as the sample cards show them (the "data" namespace). */
const translated: Record<'en' | 'es', typeof es> = { en, es };

/** Where a sample's values come from, in a language: its citation and the copy it was taken from, both as written. */
export function sampleSource(spec: SampleInfo, lang: 'en' | 'es' = 'en'): string {
  return translated[lang].samples.attribution.replace('{{attribution}}', spec.attribution).replace('{{copiedFrom}}', spec.copiedFrom);
}

/**
 * A sample project's title and charter texts in a language: the English ones above, or the translation
 * the sample cards show (a Spanish classroom gets a Spanish charter), then where the data come from.
 */
export function sampleCharter(spec: SampleSpec, lang: 'en' | 'es' = 'en'): { title: string; description: string; intendedUse: string } {
  const texts = translated[lang].samples;
  const source = texts.dataSource.replace('{{attribution}}', sampleSource(spec, lang));
  const item = lang === 'en' ? undefined : (texts.item as Record<string, { title: string; description: string; intendedUse: string } | undefined>)[spec.id];
  if (!item) return { title: spec.title, description: `${spec.description}\n\n${source}`, intendedUse: spec.intendedUse };
  return { title: item.title, description: `${item.description}\n\n${source}`, intendedUse: item.intendedUse };
}
