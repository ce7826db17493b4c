import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { designCheckSchema } from '../../../../shared/contract/training';
import { activations, type Layer, type LayerType, type ModelDesign } from '../../../../shared/schemas/training';
import { useIssueText } from '../../components/ErrorBox';
import { NumField } from './fields';
import { valueDisplayName } from '../../format';
import { fmtInt, fmtShape } from './run-format';

export type DesignCheck = z.infer<typeof designCheckSchema>;

const tabularTypes: LayerType[] = ['dense', 'dropout', 'batchNorm'];
const imageTypes: LayerType[] = ['conv2d', 'maxPool2d', 'batchNorm', 'dropout', 'flatten', 'globalAvgPool2d', 'dense'];

export function newLayer(type: LayerType): Layer {
  switch (type) {
    case 'dense':
      return { type, units: 32, activation: 'relu', l2: 0 };
    case 'dropout':
      return { type, rate: 0.2 };
    case 'conv2d':
      return { type, filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', l2: 0 };
    case 'maxPool2d':
      return { type, poolSize: 2 };
    default:
      return { type } as Layer;
  }
}

/**
 * The layer list, one row per layer with its settings, and beside each the output shape and weight count
 * the core computed. The output head that Ciclo adds is the last row.
 */
export function LayerEditor({ design, check, checking, onChange }: { design: ModelDesign; check?: DesignCheck; checking: boolean; onChange: (d: ModelDesign) => void }) {
  const { t } = useTranslation('train');
  const issueText = useIssueText();
  const types = design.inputKind === 'image' ? imageTypes : tabularTypes;
  const [adding, setAdding] = useState<LayerType>(types[0]);
  const layers = design.layers;
  const setLayers = (next: Layer[]) => onChange({ ...design, layers: next });
  const update = (i: number, patch: Partial<Layer>) => setLayers(layers.map((l, j) => (j === i ? ({ ...l, ...patch } as Layer) : l)));
  const move = (i: number, d: number) => {
    const next = [...layers];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    setLayers(next);
  };
  const issuesAt = (i: number) => (check?.issues ?? []).filter((x) => x.path[0] === 'layers' && x.path[1] === i);
  const head = check?.layers.find((l) => l.head);

  return (
    <div className="layer-editor" data-testid="layer-editor">
      <table className="data layers">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>{t('layers.layer')}</th>
            <th>{t('layers.settings')}</th>
            <th>{t('layers.output')}</th>
            <th className="num">{t('layers.params')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <tr className="input-row">
            <td className="num muted">0</td>
            <td>{t('layers.input')}</td>
            <td className="small muted">{t(`layers.inputKind.${design.inputKind}`)}</td>
            <td className="mono">{check ? fmtShape(check.inputShape) : '…'}</td>
            <td className="num">—</td>
            <td />
          </tr>
          {layers.map((layer, i) => {
            const row = check?.layers[i];
            const problems = issuesAt(i);
            return (
              <tr key={i} className={problems.length ? 'has-issue' : undefined} data-testid={`layer-${i}`}>
                <td className="num muted">{i + 1}</td>
                <td>
                  <select aria-label={t('layers.type')} value={layer.type} onChange={(e) => setLayers(layers.map((l, j) => (j === i ? newLayer(e.target.value as LayerType) : l)))}>
                    {[...new Set([...types, layer.type])].map((ty) => (
                      <option key={ty} value={ty}>
                        {t(`layers.types.${ty}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <LayerSettings layer={layer} onChange={(patch) => update(i, patch)} />
                  {problems.map((p, n) => (
                    <div key={n} className="field-error" role="alert">
                      {issueText(p)}
                    </div>
                  ))}
                </td>
                <td className="mono">{row && row.outputShape.length ? fmtShape(row.outputShape) : checking ? '…' : '—'}</td>
                <td className="num">{row ? fmtInt(row.params) : '…'}</td>
                <td className="layer-actions">
                  <button type="button" className="ghost" aria-label={t('layers.up')} title={t('layers.up')} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="ghost" aria-label={t('layers.down')} title={t('layers.down')} disabled={i === layers.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" className="ghost" aria-label={t('layers.remove')} title={t('layers.remove')} onClick={() => setLayers(layers.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
          <tr className="head-row">
            <td className="num muted">{layers.length + 1}</td>
            <td>{t('layers.head')}</td>
            <td className="small muted">{t('layers.headHint')}</td>
            <td className="mono">{head && head.outputShape.length ? fmtShape(head.outputShape) : '—'}</td>
            <td className="num">{head ? fmtInt(head.params) : '…'}</td>
            <td />
          </tr>
          {(check?.issues ?? [])
            .filter((x) => x.path[1] === layers.length)
            .map((p, n) => (
              <tr key={`head-issue-${n}`}>
                <td />
                <td colSpan={5} className="field-error" role="alert">
                  {issueText(p)}
                </td>
              </tr>
            ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4}>
              <div className="row">
                <select aria-label={t('layers.addType')} value={adding} onChange={(e) => setAdding(e.target.value as LayerType)} data-testid="layer-add-type">
                  {types.map((ty) => (
                    <option key={ty} value={ty}>
                      {t(`layers.types.${ty}`)}
                    </option>
                  ))}
                </select>
                <button type="button" onClick={() => setLayers([...layers, newLayer(adding)])} disabled={layers.length >= 40} data-testid="layer-add">
                  + {t('layers.add')}
                </button>
              </div>
            </td>
            <td className="num total" colSpan={2} data-testid="param-count">
              {check ? t('layers.total', { count: check.totalParams, total: fmtInt(check.totalParams) }) : '…'}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function LayerSettings({ layer, onChange }: { layer: Layer; onChange: (patch: Partial<Layer>) => void }) {
  const { t } = useTranslation('train');
  const activation = (value: string) => (
    <select aria-label={t('layers.activation')} value={value} onChange={(e) => onChange({ activation: e.target.value } as Partial<Layer>)}>
      {activations.map((a) => (
        <option key={a} value={a}>
          {valueDisplayName('activation', a)}
        </option>
      ))}
    </select>
  );
  const num = (label: string, value: number, patch: (v: number) => Partial<Layer>, opts: { min?: number; max?: number; integer?: boolean }) => (
    <span className="inline-field">
      <span className="small muted">{label}</span>
      <NumField compact label={label} value={value} onChange={(v) => onChange(patch(v))} {...opts} />
    </span>
  );
  switch (layer.type) {
    case 'dense':
      return (
        <div className="row layer-settings">
          {num(t('layers.units'), layer.units, (units) => ({ units }), { min: 1, max: 4096, integer: true })}
          {activation(layer.activation)}
          {num('L2', layer.l2, (l2) => ({ l2 }), { min: 0, max: 1 })}
        </div>
      );
    case 'dropout':
      return <div className="row layer-settings">{num(t('layers.rate'), layer.rate, (rate) => ({ rate }), { min: 0, max: 0.95 })}</div>;
    case 'conv2d':
      return (
        <div className="row layer-settings">
          {num(t('layers.filters'), layer.filters, (filters) => ({ filters }), { min: 1, max: 512, integer: true })}
          {num(t('layers.kernel'), layer.kernelSize, (kernelSize) => ({ kernelSize }), { min: 1, max: 11, integer: true })}
          {num(t('layers.strides'), layer.strides, (strides) => ({ strides }), { min: 1, max: 4, integer: true })}
          <select aria-label={t('layers.padding')} value={layer.padding} onChange={(e) => onChange({ padding: e.target.value as 'same' | 'valid' })}>
            <option value="same">same</option>
            <option value="valid">valid</option>
          </select>
          {activation(layer.activation)}
        </div>
      );
    case 'maxPool2d':
      return <div className="row layer-settings">{num(t('layers.pool'), layer.poolSize, (poolSize) => ({ poolSize }), { min: 1, max: 4, integer: true })}</div>;
    default:
      return <span className="small muted">{t(`layers.about.${layer.type}`)}</span>;
  }
}
