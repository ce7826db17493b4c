import type { DataIssue, DatasetProfile, DatasetSummary, DatasetVersion, DatasetVersionDetail, ImportResult, SplitInfo, VersionDiff } from '../../../shared/schemas/dataset.js';
import { columnPrep } from '../../../shared/schemas/prep.js';
import { details, formatNumber, table } from '../output.js';

/** The date order beside the handling; nothing for ISO (as before date orders existed). */
const ORDER_SHOWN = { ymd: '', dmy: ', day/month/year', mdy: ', month/day/year' } as const;

export function renderColumns(v: DatasetVersion): string {
  return table(
    v.columns.map((c) => {
      const p = columnPrep(c);
      const fill = p.missingStrategy === 'constant' ? `constant ${p.missingConstant}` : p.missingStrategy;
      return {
        column: c.name,
        type: c.type,
        role: c.role,
        missing: c.missing,
        'fill missing': c.role === 'feature' && c.type !== 'text' ? `${fill}${p.missingIndicator ? ' + indicator' : ''}` : '',
        'missing tokens': p.missingTokens.join(' '),
        date: c.type === 'datetime' ? `${p.dateHandling}${ORDER_SHOWN[p.dateOrder]}` : '',
      };
    }),
    ['column', 'type', 'role', 'missing', 'fill missing', 'missing tokens', ...(v.columns.some((c) => c.type === 'datetime') ? ['date'] : [])],
  );
}

export function renderIssues(title: string, issues: DataIssue[]): string {
  if (!issues.length) return '';
  return `${title}:\n${issues.map((i) => `  ${i.severity === 'error' ? 'ERROR' : i.severity === 'warning' ? 'warning' : 'note'}: ${i.message}`).join('\n')}`;
}

export function renderDiff(d: VersionDiff | null): string {
  if (!d) return '';
  const parts = [
    `rows ${d.rowsFrom} -> ${d.rowsTo} (+${d.rowsAdded} / -${d.rowsRemoved})`,
    d.columnsAdded.length ? `columns added: ${d.columnsAdded.join(', ')}` : '',
    d.columnsRemoved.length ? `columns removed: ${d.columnsRemoved.join(', ')}` : '',
    d.columnsRetyped.length ? `retyped: ${d.columnsRetyped.map((r) => `${r.name} ${r.from} -> ${r.to}`).join(', ')}` : '',
    d.rolesChanged.length ? `roles: ${d.rolesChanged.map((r) => `${r.name} ${r.from} -> ${r.to}`).join(', ')}` : '',
    d.targetChanged ? `target: ${d.targetChanged.from ?? '(none)'} -> ${d.targetChanged.to ?? '(none)'}` : '',
  ].filter(Boolean);
  return `Changes since v${d.from.version}: ${parts.join('; ')}`;
}

function versionHead(v: DatasetVersion): string {
  return details([
    ['id', v.id],
    ['data set', `${v.name} v${v.version}`],
    ['kind', v.kind],
    ['rows', v.rows],
    ['target', v.target ?? ''],
    ['hash', v.hash],
    ['source', v.source],
    ['created', v.createdAt],
  ]);
}

export function renderImport(r: ImportResult): string {
  const v = r.version;
  const head = r.created
    ? `Imported ${v.name} v${v.version}: ${v.rows} rows, ${v.columns.length} column${v.columns.length === 1 ? '' : 's'}.`
    : `Same content as ${v.name} v${v.version}: no new version was made.`;
  return [head, versionHead(v), renderColumns(v), renderDiff(r.diff), renderIssues('Import warnings', r.warnings), renderIssues('Checks', r.validation)]
    .filter(Boolean)
    .join('\n\n');
}

export function renderDetail(v: DatasetVersionDetail, issues: DataIssue[]): string {
  return [versionHead(v), renderColumns(v), renderDiff(v.diff), renderIssues('Import warnings', v.importWarnings), renderIssues('Checks', issues)].filter(Boolean).join('\n\n');
}

export function renderList(list: DatasetSummary[]): string {
  return table(
    list.map((d) => ({
      id: d.id,
      name: d.name,
      kind: d.kind,
      versions: d.versionCount,
      latest: `v${d.latest.version}`,
      rows: d.latest.rows,
      target: d.latest.target ?? '',
      updated: d.updatedAt,
    })),
    ['id', 'name', 'kind', 'versions', 'latest', 'rows', 'target', 'updated'],
  );
}

export function renderVersions(list: DatasetVersionDetail[]): string {
  return table(
    list.map((v) => ({
      version: v.version,
      id: v.id,
      rows: v.rows,
      columns: v.columns.length,
      target: v.target ?? '',
      hash: v.hash.slice(0, 12),
      changes: v.diff ? renderDiff(v.diff).replace(/^Changes since v\d+: /, '') : '',
      created: v.createdAt,
    })),
    ['version', 'id', 'rows', 'columns', 'target', 'hash', 'changes', 'created'],
  );
}

const num = (v: number | undefined | null, type?: string) =>
  v === undefined || v === null
    ? ''
    : type === 'datetime'
      ? new Date(v)
          .toISOString()
          .replace(/T00:00:00\.000Z$/, '')
          .replace(/\.000Z$/, 'Z')
      : formatNumber(v);

export function renderProfile(p: DatasetProfile): string {
  if (p.kind === 'images') {
    return [
      details([
        ['images', p.rows],
        ['size', `${p.width}x${p.height}x${p.channels}`],
        ['duplicates', p.duplicateRows],
      ]),
      table(
        p.classes.map((c) => ({ class: c.name, images: c.count })),
        ['class', 'images'],
      ),
      table(
        p.sizes.map((s) => ({ 'original size': `${s.width}x${s.height}`, images: s.count })),
        ['original size', 'images'],
      ),
    ].join('\n\n');
  }
  const cols = table(
    p.columns.map((c) => ({
      column: c.name,
      type: c.type,
      role: c.role,
      missing: c.missing,
      distinct: c.distinct,
      min: num(c.numeric?.min, c.type),
      median: num(c.numeric?.quantiles.p50, c.type),
      mean: c.type === 'datetime' ? '' : num(c.numeric?.mean),
      std: c.type === 'datetime' ? '' : num(c.numeric?.std),
      max: num(c.numeric?.max, c.type),
      top:
        c.numeric && c.type !== 'boolean'
          ? ''
          : c.top
              .slice(0, 3)
              .map((t) => `${t.value} (${t.count})`)
              .join(', '),
    })),
    ['column', 'type', 'role', 'missing', 'distinct', 'min', 'median', 'mean', 'std', 'max', 'top'],
  );
  const parts = [
    details([
      ['rows', p.rows],
      ['columns', p.columnCount],
      ['duplicate rows', p.duplicateRows],
    ]),
    cols,
  ];
  if (p.target?.classes)
    parts.push(
      `Class balance of ${p.target.name}:\n${table(
        p.target.classes.map((c) => ({ class: c.value, rows: c.count, share: `${((100 * c.count) / p.rows).toFixed(1)}%` })),
        ['class', 'rows', 'share'],
      )}`,
    );
  if (p.targetCorrelations.length) {
    parts.push(
      `Correlation with ${p.target?.name}:\n${table(
        p.targetCorrelations.slice(0, 10).map((c) => ({ feature: c.column, r: Number(c.value.toFixed(3)) })),
        ['feature', 'r'],
      )}`,
    );
  }
  return parts.join('\n\n');
}

export function renderSplit(s: SplitInfo): string {
  return details([
    ['id', s.id],
    ['version', s.datasetVersionId],
    ...(s.chronological ? [['order', `chronological by ${s.chronological} (oldest rows train, newest test)`] as [string, string]] : [['seed', s.seed] as [string, number]]),
    ['stratified', s.stratified ? 'yes' : 'no'],
    ['fractions', `${s.fractions.train} / ${s.fractions.validation} / ${s.fractions.test}`],
    ['rows', `train ${s.counts.train}, validation ${s.counts.validation}, test ${s.counts.test}${s.excluded ? `, left out ${s.excluded} (no target)` : ''}`],
  ]);
}

export function renderSplits(list: SplitInfo[]): string {
  if (!list.length) return 'No splits yet: make one with `ciclo dataset split`.';
  return table(
    list.map((s) => ({
      id: s.id,
      seed: s.seed,
      stratified: s.stratified ? 'yes' : 'no',
      fractions: `${s.fractions.train} / ${s.fractions.validation} / ${s.fractions.test}`,
      train: s.counts.train,
      validation: s.counts.validation,
      test: s.counts.test,
      'left out': s.excluded,
      created: s.createdAt,
    })),
    ['id', 'seed', 'stratified', 'fractions', 'train', 'validation', 'test', 'left out', 'created'],
  );
}
