/**
 * Where a run starts to overfit: from the epoch where the (smoothed) validation loss is lowest to the last
 * epoch, when by then validation loss has risen clearly (5 %) while training loss kept falling. Null otherwise.
 */
export function overfitRegion(epochs: number[], train: number[], val: number[], window = 3): { from: number; to: number } | null {
  const n = Math.min(epochs.length, train.length, val.length);
  if (n < 2 * window + 2) return null;
  const smooth = (ys: number[]) =>
    ys.slice(0, n).map((_, i) => {
      const part = ys.slice(Math.max(0, i - window + 1), i + 1);
      return part.reduce((a, b) => a + b, 0) / part.length;
    });
  const v = smooth(val);
  const tr = smooth(train);
  let best = 0;
  for (let i = 1; i < n; i++) if (v[i] < v[best]) best = i;
  const last = n - 1;
  if (best >= last - 1) return null;
  const rose = v[last] > v[best] * 1.05 + 1e-12;
  const fell = tr[last] < tr[best];
  return rose && fell ? { from: epochs[best], to: epochs[last] } : null;
}
