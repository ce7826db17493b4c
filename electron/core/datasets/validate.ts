import type { DataIssue, DatasetProfile, DatasetVersion, ImageProfile, TableProfile } from '../../../shared/schemas/dataset.js';
import type { TaskType } from '../../../shared/metrics.js';
import { imbalance } from '../../../shared/class-balance.js';
import { shellWord } from '../../../shared/shell-word.js';
import { columnPrep } from '../../../shared/schemas/prep.js';
import { issue } from './errors.js';

const SMALL_CLASS = 10;
const MOSTLY_MISSING = 0.5;
/** From this share of missing cells a feature's handling of missing values is worth a look. */
const SOME_MISSING = 0.05;

const STRATEGY_TEXT: Record<string, string> = {
  median: 'the median of the training rows',
  mean: 'the mean of the training rows',
  mode: 'the most frequent training value',
  constant: 'a constant',
  category: "a category of its own ('missing')",
};

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

function classIssues(classes: { value: string; count: number }[], task: TaskType, target: string): DataIssue[] {
  const out: DataIssue[] = [];
  if (classes.length < 2) {
    out.push(
      issue(
        'error',
        'validate.one_class',
        target,
        { column: target, count: classes.length, classes: classes.map((c) => c.value).join(', ') },
        `Target "${target}" has ${classes.length === 0 ? 'no values' : `only one class (${classes[0].value})`}; classification needs at least 2 classes.`,
      ),
    );
    return out;
  }
  if (task === 'binary' && classes.length > 2) {
    out.push(
      issue(
        'error',
        'validate.binary_too_many_classes',
        target,
        { column: target, count: classes.length },
        `Target "${target}" has ${classes.length} classes but the project is a binary task (exactly 2). Change the task to multiclass or pick another target.`,
      ),
    );
  }
  if (classes.length > 100) {
    out.push(
      issue(
        'warning',
        'validate.many_classes',
        target,
        { column: target, count: classes.length },
        `Target "${target}" has ${classes.length} classes; is it really a label and not an id or a number?`,
      ),
    );
  }
  const rare = imbalance(classes, SMALL_CLASS);
  if (rare) {
    out.push(
      issue(
        'info',
        'validate.imbalanced',
        target,
        { column: target, ...rare },
        `Classes of "${target}" are imbalanced: "${rare.value}" is ${rare.count} of ${rare.total} rows (${pct(rare.fraction)}). A model can score a high accuracy by hardly ever predicting it: train with balanced class weights (classWeights=balanced) and judge it by recall, F1 or balanced accuracy.`,
      ),
    );
  }
  for (const c of classes) {
    if (c.count < SMALL_CLASS) {
      out.push(
        issue(
          'warning',
          'validate.small_class',
          target,
          { column: target, value: c.value, count: c.count, min: SMALL_CLASS },
          `Class "${c.value}" of "${target}" has only ${c.count} row${c.count === 1 ? '' : 's'} (fewer than ${SMALL_CLASS}); the model will hardly learn it and its test scores will be noisy. Collect more rows of it or merge it with a similar class.`,
        ),
      );
    }
  }
  return out;
}

function tableIssues(v: DatasetVersion, p: TableProfile, task: TaskType): DataIssue[] {
  const out: DataIssue[] = [];
  const features = p.columns.filter((c) => c.role === 'feature');
  if (!v.target || !p.target) {
    out.push(issue('error', 'validate.no_target', null, {}, 'No target column is chosen: say which column the model should predict.'));
  } else {
    const t = p.columns.find((c) => c.name === v.target)!;
    const classification = task === 'binary' || task === 'multiclass';
    if (classification && t.type !== 'categorical' && t.type !== 'boolean') {
      out.push(
        issue(
          'error',
          'validate.target_not_categorical',
          t.name,
          { column: t.name, type: t.type, task },
          `Target "${t.name}" is ${t.type}, but a ${task} task needs a categorical (or boolean) target. Change its type to categorical, or the task to regression.`,
        ),
      );
    } else if (classification && p.target.classes) {
      out.push(...classIssues(p.target.classes, task, t.name));
    }
    if (task === 'regression' && t.type !== 'numeric') {
      out.push(
        issue(
          'error',
          'validate.target_not_numeric',
          t.name,
          { column: t.name, type: t.type },
          `Target "${t.name}" is ${t.type}, but a regression task predicts a number. Pick a numeric target, or change the task to classification.`,
        ),
      );
    }
    if (t.missing > 0) {
      out.push(
        issue(
          'warning',
          'validate.target_missing',
          t.name,
          { column: t.name, count: t.missing },
          `Target "${t.name}" is missing in ${t.missing} row${t.missing === 1 ? '' : 's'}; those rows are left out of training and testing.`,
        ),
      );
    }
  }
  if (features.length === 0) {
    out.push(issue('error', 'validate.no_features', null, {}, 'No column is a feature: give at least one column the feature role.'));
  }
  for (const leak of p.leakage) {
    const key = leak.kind === 'identical' ? 'validate.leak_identical' : leak.kind === 'perfect_predictor' ? 'validate.leak_perfect' : 'validate.leak_correlation';
    const why =
      leak.kind === 'identical'
        ? 'holds the same values as the target'
        : leak.kind === 'perfect_predictor'
          ? 'predicts the target perfectly (each of its values goes with exactly one class)'
          : `is almost perfectly correlated with the target (r = ${leak.value?.toFixed(4)})`;
    out.push(
      issue(
        'warning',
        key,
        leak.column,
        { column: leak.column, target: v.target ?? '', value: leak.value },
        `Feature "${leak.column}" ${why}. It is probably leakage (information the model would not have when predicting); set its role to ignore unless you are sure.`,
      ),
    );
  }
  for (const c of p.columns) {
    if (c.role === 'ignore') continue;
    const present = p.rows - c.missing;
    if (c.role === 'feature' && c.distinct <= 1) {
      out.push(
        issue(
          'warning',
          'validate.constant_column',
          c.name,
          { column: c.name, value: c.top[0]?.value ?? (c.numeric ? String(c.numeric.min) : '') },
          `Column "${c.name}" ${present === 0 ? 'is empty' : 'has the same value in every row'}; it cannot help a model. Set its role to ignore.`,
        ),
      );
    } else if (c.missing / p.rows > MOSTLY_MISSING) {
      out.push(
        issue(
          'warning',
          'validate.mostly_missing',
          c.name,
          { column: c.name, count: c.missing, fraction: c.missing / p.rows },
          `Column "${c.name}" is missing in ${pct(c.missing / p.rows)} of the rows; consider ignoring it.`,
        ),
      );
    } else if (c.role === 'feature' && c.type !== 'text' && p.rows > 0 && c.missing / p.rows >= SOME_MISSING) {
      const col = v.columns.find((x) => x.name === c.name);
      const prep = columnPrep(col ?? { type: c.type });
      const how = `${STRATEGY_TEXT[prep.missingStrategy]}${prep.missingStrategy === 'constant' ? ` (${prep.missingConstant})` : ''}${prep.missingIndicator ? ', with a feature saying the value was missing' : ''}`;
      out.push(
        issue(
          'warning',
          'validate.some_missing',
          c.name,
          { column: c.name, count: c.missing, fraction: c.missing / p.rows, strategy: prep.missingStrategy, indicator: prep.missingIndicator },
          `Column "${c.name}" is missing in ${c.missing} row${c.missing === 1 ? '' : 's'} (${pct(c.missing / p.rows)}); they are filled with ${how}. Check that this fits the column (its missing-value handling is in the schema).`,
        ),
      );
    }
    if (c.role === 'feature' && c.type === 'datetime' && columnPrep(v.columns.find((x) => x.name === c.name) ?? { type: 'datetime' }).dateHandling !== 'ignore') {
      out.push(
        issue(
          'warning',
          'validate.date_split',
          c.name,
          { column: c.name, dataset: v.name, command: `ciclo dataset split ${shellWord(v.name)} --chronological ${shellWord(c.name)}` },
          `Column "${c.name}" holds dates. If the model will score rows from after the training data, a chronological split (oldest rows train, newest test) gives the honest score: ciclo dataset split ${shellWord(v.name)} --chronological ${shellWord(c.name)}.`,
        ),
      );
    }
  }
  if (p.duplicateRows > 0) {
    out.push(
      issue(
        'warning',
        'validate.duplicate_rows',
        null,
        { count: p.duplicateRows, fraction: p.duplicateRows / p.rows },
        `${p.duplicateRows} row${p.duplicateRows === 1 ? ' is a copy' : 's are copies'} of an earlier row (${pct(p.duplicateRows / p.rows)}). Copies can land in both the training and the test part and make scores look better than they are.`,
      ),
    );
  }
  const ignoredText = p.columns.filter((c) => c.type === 'text' && c.role === 'ignore').map((c) => c.name);
  if (ignoredText.length) {
    out.push(
      issue(
        'info',
        'validate.text_ignored',
        null,
        { columns: ignoredText.join(', '), count: ignoredText.length },
        `Free text or id column${ignoredText.length > 1 ? 's' : ''} ${ignoredText.map((n) => `"${n}"`).join(', ')} ${ignoredText.length > 1 ? 'are' : 'is'} ignored: too many different values to use as categories.`,
      ),
    );
  }
  return out;
}

function imageIssues(p: ImageProfile, task: TaskType): DataIssue[] {
  const out: DataIssue[] = [];
  if (task === 'regression') {
    out.push(
      issue('error', 'validate.images_regression', null, {}, 'An image data set has classes, but the project is a regression task. Change the task to multiclass (or binary).'),
    );
    return out;
  }
  out.push(
    ...classIssues(
      p.classes.map((c) => ({ value: c.name, count: c.count })),
      task,
      'label',
    ),
  );
  if (p.duplicateRows > 0) {
    out.push(
      issue(
        'warning',
        'validate.duplicate_rows',
        null,
        { count: p.duplicateRows, fraction: p.duplicateRows / p.rows },
        `${p.duplicateRows} image${p.duplicateRows === 1 ? ' is a copy' : 's are copies'} of an earlier one (${pct(p.duplicateRows / p.rows)}). Copies can land in both the training and the test part.`,
      ),
    );
  }
  return out;
}

/**
 * Checks a version against the project's task; errors block training, warnings are advice. `cells`: the
 * issues found in the stored cells (validate-cells.ts), listed with the others.
 */
export function validateVersion(v: DatasetVersion, profile: DatasetProfile, task: TaskType, cells: DataIssue[] = []): DataIssue[] {
  return profile.kind === 'table' ? [...tableIssues(v, profile, task), ...cells] : imageIssues(profile, task);
}
