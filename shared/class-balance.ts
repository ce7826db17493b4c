import type { DatasetProfile } from './schemas/dataset.js';

/**
 * When a classification target's classes are imbalanced enough to say so: the smallest class has fewer than
 * half of an even share of the rows (under 25 % of a binary target, under 1/6 of three classes) and at least
 * `minCount` rows (a smaller class has its own, stronger warning). One rule for the data checks and the Train
 * phase's class-weights hint.
 */
export interface Imbalance {
  value: string;
  count: number;
  total: number;
  fraction: number;
}

export function imbalance(classes: readonly { value: string; count: number }[], minCount = 10): Imbalance | null {
  if (classes.length < 2) return null;
  const total = classes.reduce((a, c) => a + c.count, 0);
  const smallest = classes.reduce((a, c) => (c.count < a.count ? c : a), classes[0]);
  if (total === 0 || smallest.count < minCount || smallest.count / total >= 0.5 / classes.length) return null;
  return { value: smallest.value, count: smallest.count, total, fraction: smallest.count / total };
}

/** The rare class of a profiled data set's target (an image data set's classes, a table's target classes), or null. */
export function profileImbalance(profile: DatasetProfile): Imbalance | null {
  return imbalance(profile.kind === 'images' ? profile.classes.map((c) => ({ value: c.name, count: c.count })) : (profile.target?.classes ?? []));
}
