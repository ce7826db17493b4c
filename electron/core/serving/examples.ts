/** An example input row for a model (training means, most frequent categories), for the docs page and the UI's example requests. */
import type { DateOrder } from '../../../shared/schemas/prep.js';
import { formatDate } from '../datasets/dates.js';
import type { Preprocessing } from '../training/preprocess.js';

export function exampleRow(p: Preprocessing): Record<string, unknown> {
  if (p.image?.source === 'images') return { pixels: new Array(p.inputShape.reduce((a, b) => a * b, 1)).fill(0) };
  if (p.image) return Object.fromEntries(p.featureNames.map((n) => [n, 0]));
  return Object.fromEntries(
    p.features.map((f) => {
      if (f.kind === 'categorical') return [f.name, f.fill ?? f.categories[0] ?? null];
      if (f.kind === 'date') return [f.name, formatDate(Math.round(f.fill), f.dateOrder)];
      if (f.type === 'boolean') return [f.name, f.mean >= 0.5];
      if (f.type === 'datetime') return [f.name, formatDate(Math.round(f.mean), (f as { dateOrder?: DateOrder }).dateOrder)];
      return [f.name, Number(f.mean.toPrecision(4))];
    }),
  );
}
