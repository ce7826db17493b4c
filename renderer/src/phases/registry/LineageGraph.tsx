import { useTranslation } from 'react-i18next';
import { lineageNodeKinds, type Lineage, type LineageNode } from '../../../../shared/schemas/registry';
import { hasMetricName } from '../../../../shared/names';
import { formatCount, formatMetricValue, metricDisplayName } from '../../format';
import { hrefFor } from '../../navigation';

const W = 168;
const H = 96;
const GAP_X = 34;
const GAP_Y = 22;
const PAD = 8;
/** Facts whose values are words the UI translates (the rest are numbers, hashes, names). */
const translatedFacts = new Set(['gate', 'status', 'task', 'subset', 'stage']);
/** Facts that are counts, shown with the UI's grouping ("1.204 filas"). */
const countFacts = new Set(['rows', 'params', 'criteria']);

/** Where a node links to: the phase page of the thing itself. */
function linkOf(n: LineageNode, projectId: string): string {
  switch (n.kind) {
    case 'project':
      return hrefFor('design', [], { project: n.ref });
    case 'dataset_version':
      return hrefFor('data', ['overview'], { project: projectId, dataset: n.label.split('@')[0], version: n.ref });
    case 'run':
      return hrefFor('train', ['run', n.ref], { project: projectId });
    case 'evaluation':
      return hrefFor('evaluate', [n.ref], { project: projectId });
    case 'model_version': {
      const [name, version] = n.label.split('@');
      return hrefFor('registry', ['model', name, 'versions'], { project: projectId, v: version });
    }
    default:
      return hrefFor('deploy', [n.ref], { project: projectId });
  }
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The lineage as columns (charter → data → run → evaluation → model version → deployment), edges as curves.
 * Evaluations sit one row lower so the run → version edge does not pass through them.
 */
export function LineageGraph({ lineage, projectId }: { lineage: Lineage; projectId: string }) {
  const { t } = useTranslation('registry-ui');
  const kinds = lineageNodeKinds.filter((k) => lineage.nodes.some((n) => n.kind === k));
  const pos = new Map<string, { x: number; y: number }>();
  let rows = 0;
  kinds.forEach((kind, col) => {
    const offset = kind === 'evaluation' ? 1 : 0;
    lineage.nodes
      .filter((n) => n.kind === kind)
      .forEach((n, i) => {
        pos.set(n.id, { x: PAD + col * (W + GAP_X), y: PAD + (i + offset) * (H + GAP_Y) });
        rows = Math.max(rows, i + offset + 1);
      });
  });
  const width = PAD * 2 + kinds.length * W + (kinds.length - 1) * GAP_X;
  const height = PAD * 2 + rows * H + (rows - 1) * GAP_Y;
  // a metric by its name and its value in the UI's number format (the core sends "0.8333"); counts as counts
  const factText = (k: string, v: string) => {
    const n = v.trim() === '' ? NaN : Number(v);
    if (hasMetricName(k)) return `${metricDisplayName(k)}: ${Number.isFinite(n) ? formatMetricValue(k, n) : v}`;
    const value = translatedFacts.has(k) ? t(`lineage.values.${v}`, { defaultValue: v }) : countFacts.has(k) && Number.isFinite(n) ? formatCount(n) : v;
    return `${t(`lineage.facts.${k}`, { defaultValue: k })}: ${value}`;
  };

  return (
    <div className="lineage-scroll">
      <svg
        className="lineage"
        width="100%"
        style={{ maxWidth: width, minWidth: Math.min(width, 640) }}
        viewBox={`0 0 ${width} ${height}`}
        role="group"
        aria-label={t('lineage.title', { ref: lineage.ref })}
        data-testid="lineage-graph"
      >
        <defs>
          <marker id="lineage-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="edge-head" />
          </marker>
        </defs>
        {lineage.edges.map((e) => {
          const a = pos.get(e.from);
          const b = pos.get(e.to);
          if (!a || !b) return null;
          const x1 = a.x + W;
          const y1 = a.y + H / 2;
          const x2 = b.x - 2;
          const y2 = b.y + H / 2;
          const mid = (x1 + x2) / 2;
          return (
            <g key={`${e.from}-${e.to}`} className={`edge ${e.kind}`}>
              <title>{t(`lineage.edges.${e.kind}`, { defaultValue: e.kind })}</title>
              <path d={`M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`} markerEnd="url(#lineage-arrow)" />
            </g>
          );
        })}
        {lineage.nodes.map((n) => {
          const p = pos.get(n.id)!;
          const facts = Object.entries(n.facts)
            .filter(([k]) => k !== 'source')
            .slice(0, 3);
          return (
            <a key={n.id} href={linkOf(n, projectId)} className={`node ${n.kind}${n.focus ? ' focus' : ''}`} data-testid={`lineage-node-${n.kind}`}>
              <title>{`${t(`lineage.kinds.${n.kind}`)}: ${n.label}\n${Object.entries(n.facts)
                .map(([k, v]) => factText(k, v))
                .join('\n')}`}</title>
              <rect x={p.x} y={p.y} width={W} height={H} rx={9} />
              <rect x={p.x} y={p.y} width={5} height={H} rx={2} className="kind-bar" />
              <text x={p.x + 14} y={p.y + 18} className="kind">
                {t(`lineage.kinds.${n.kind}`).toUpperCase()}
              </text>
              <text x={p.x + 14} y={p.y + 37} className="label">
                {clip(n.label, 19)}
              </text>
              {facts.map(([k, v], i) => (
                <text key={k} x={p.x + 14} y={p.y + 56 + i * 14} className="fact">
                  {clip(factText(k, v), 25)}
                </text>
              ))}
            </a>
          );
        })}
      </svg>
    </div>
  );
}
