import type { MethodOutput } from '../../../shared/contract/api.js';
import type { Services } from '../services.js';
import { DatasetStore } from '../store/dataset-store.js';

/**
 * The classes of a project's data and the suggested positive class (the minority class: what a binary
 * model is usually meant to find, such as the defaulting borrower or the malignant tumour). The newest data
 * set version with a target is read: its profile's class balance, or, for a numeric 0/1 target, its values.
 */
export async function positiveClassOf(s: Services, projectRef: string): Promise<MethodOutput<'project.positiveClass'>> {
  const project = s.projects.resolve(projectRef);
  const found = await projectClasses(s, project.id);
  const classes = found?.classes ?? [];
  // the minority class; on a tie the later label in sort order (the one the model used to call positive)
  const suggested = classes.length ? [...classes].sort((a, b) => a.count - b.count || (a.label < b.label ? 1 : a.label > b.label ? -1 : 0))[0].label : null;
  return { datasetRef: found?.datasetRef ?? null, classes, suggested, chosen: project.positiveClass };
}

export async function projectClasses(s: Services, projectId: string): Promise<{ datasetRef: string; classes: { label: string; count: number }[] } | null> {
  const id = new DatasetStore(s.db).newestTargetVersionId(projectId);
  if (!id) return null;
  const version = s.datasets.resolveVersion(id, projectId);
  const datasetRef = `${version.name}@${version.version}`;
  const profile = s.datasets.profile(s.datasets.row(id, projectId));
  const fromProfile = profile.kind === 'table' ? profile.target?.classes : null;
  let classes: { label: string; count: number }[];
  if (fromProfile?.length) classes = fromProfile.map((c) => ({ label: c.value, count: c.count }));
  else {
    const table = await s.datasets.loadTable(id);
    const values = table.values[version.target!];
    if (!values) return null;
    const counts = new Map<string, number>();
    for (let i = 0; i < table.rowCount; i++) {
      const v = values[i];
      if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
      counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      if (counts.size > 50) return null; // not a class target
    }
    classes = [...counts].map(([label, count]) => ({ label, count }));
  }
  classes.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
  return { datasetRef, classes };
}
