import path from 'node:path';
import type { datasetMethods } from '../../../shared/contract/datasets.js';
import type { ParsedInput } from '../../../shared/contract/api.js';
import type { HandlersFor } from '../router.js';
import type { Services } from '../services.js';
import { cellText } from './columns.js';
import { thumbnail } from './images.js';
import { scanTokens } from './token-scan.js';
import { sampleById, sampleCharter, samples, samplesDir } from './samples.js';
import { toDetail } from '../store/dataset-store.js';
import { transaction } from '../store/sql.js';
import { typedValues } from './typed.js';

/**
 * One call: a project with the sample's charter, and its data set imported (a new name when the title
 * is taken). The data is read and its blobs written first; the project and the version are then
 * recorded in one transaction, so a failure never leaves a project without its data.
 */
async function createSample(s: Services, input: ParsedInput<'dataset.createSample'>) {
  const spec = sampleById(input.sample);
  const charter = sampleCharter(spec, input.lang);
  const file = path.join(samplesDir(), spec.file);
  const read = await s.datasets.readForNewProject(file, { target: spec.target, taskType: spec.taskType });
  const staged = await s.datasets.stage(read);
  const taken = new Set(s.projects.list(true).map((p) => p.name.toLowerCase()));
  let name = input.projectName ?? charter.title;
  if (!input.projectName) for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${charter.title} ${i}`;
  const result = transaction(s.db, () => {
    const project = s.projects.create({
      name,
      taskType: spec.taskType,
      description: charter.description,
      intendedUse: charter.intendedUse,
      owner: '',
      criteria: spec.criteria,
    });
    return s.datasets.commit(project.id, spec.id, file, read, staged);
  });
  return { projectId: result.projectId, project: s.projects.resolve(result.projectId), version: toDetail(s.datasets.store.versionRow(result.version.id)!) };
}

export function datasetHandlers(s: Services): HandlersFor<typeof datasetMethods> {
  const d = s.datasets;
  return {
    'dataset.import': (input) => d.startImport(input),
    'dataset.scanTokens': (input) => {
      s.projects.resolve(input.project);
      return scanTokens(path.resolve(input.path), input);
    },
    'dataset.list': (input) => d.store.list(s.projects.idOf(input.project)),
    'dataset.get': (input) => toDetail(d.row(input.dataset, input.project)),
    'dataset.versions': (input) => d.store.versionRows(d.row(input.dataset, input.project).dataset_id).map(toDetail),
    'dataset.profile': (input) => d.profile(d.row(input.dataset, input.project)),
    'dataset.validate': (input) => d.validate(d.row(input.dataset, input.project)),
    'dataset.updateSchema': (input) => d.updateSchema(input),
    'dataset.diff': (input) => d.diff(input.from, input.to, input.project),
    'dataset.preview': (input) => {
      const row = d.row(input.dataset, input.project);
      const table = d.tableView(row);
      const columns = JSON.parse(row.columns) as { name: string; type: Parameters<typeof typedValues>[1] }[];
      const end = Math.min(table.rows, input.offset + input.limit);
      const rows: (string | number | null)[][] = [];
      for (let i = input.offset; i < end; i++) {
        rows.push(
          table.columns.map((c, k) => {
            const type = columns[k].type;
            if (type === 'numeric' && c.storage === 'f64') return Number.isNaN(c.values[i]) ? null : c.values[i];
            return cellText(c, i);
          }),
        );
      }
      return { columns: table.columns.map((c) => c.name), rows, offset: input.offset, total: table.rows };
    },
    'dataset.images': (input) => {
      const row = d.row(input.dataset, input.project);
      const images = d.rawImages(row);
      const byClass = images.classes.map((name) => ({ name, count: 0, thumbnails: [] as { index: number; dataUrl: string }[] }));
      for (let i = 0; i < images.rows; i++) {
        const c = byClass[images.labels[i]];
        c.count++;
        if (c.thumbnails.length < input.perClass) c.thumbnails.push({ index: i, dataUrl: thumbnail(images, i) });
      }
      return { classes: byClass };
    },
    'dataset.split': (input) => d.makeSplit(d.row(input.dataset, input.project), input),
    'dataset.splits': (input) => d.splits(d.row(input.dataset, input.project)),
    'dataset.samples': () => samples.map(({ file: _f, criteria: _c, intendedUse: _u, ...info }) => info),
    'dataset.createSample': (input) => createSample(s, input),
  };
}
