import type { Issue } from '../../../shared/contract/errors.js';
import type { DatasetVersion } from '../../../shared/schemas/dataset.js';
import type { DatasetAccess } from '../datasets/types.js';
import type { BlobStore } from '../store/blobs.js';
import type { FeatureSpec2 } from '../training/features.js';
import { decodePackage } from '../training/package.js';
import { readsColumn } from '../training/stored-cells.js';
import { compatibilityIssues, type ModelSchema } from './prepare.js';
import { evalKey } from './texts.js';

/**
 * compatibilityIssues, where a column's type differs only because the version read its cells with other
 * missing-value tokens: a column the version typed as text (say, its import kept "NA" as a value) that the
 * model reads as numbers is compatible when every stored cell reads under the model's own tokens and type.
 */
export function modelIssues(model: ModelSchema & { packageHash: string | null }, version: DatasetVersion, deps: { blobs: BlobStore; datasets: DatasetAccess }): Issue[] {
  const issues = compatibilityIssues(model, version);
  const typed = issues.filter((i) => i.key === evalKey('issue.column_type'));
  if (!typed.length || !model.packageHash || !deps.datasets.storedTable || !deps.blobs.has(model.packageHash)) return issues;
  const pre = decodePackage(deps.blobs.read(model.packageHash)).meta.preprocessing;
  if (pre.format !== 'ciclo-preprocessing/2' || pre.image) return issues;
  const stored = deps.datasets.storedTable(version.id);
  const reads = (column: unknown) => {
    const f = (pre.features as FeatureSpec2[]).find((x) => x.name === column);
    const col = stored.columns.find((c) => c.name === column);
    return Boolean(f && col && readsColumn(f, col));
  };
  return issues.filter((i) => !(i.key === evalKey('issue.column_type') && reads(i.params?.column)));
}
