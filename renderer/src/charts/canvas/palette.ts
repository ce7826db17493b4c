/**
 * Colours of compared runs: Petroff's ten-colour sequence (M. A. Petroff, "Accessible Color Sequences for
 * Data Visualization", 2021; matplotlib's "petroff10"), chosen so that ten lines stay distinguishable for
 * the common colour-vision deficiencies. The dark theme uses lighter tints of the same hues. Dash patterns
 * are a second signal only: every run already has its own colour.
 */
const light = ['#3f90da', '#ffa90e', '#bd1f01', '#94a4a2', '#832db6', '#a96b59', '#e76300', '#b9ac70', '#717581', '#92dadd'];
const dark = ['#5aa7ef', '#ffb53a', '#f0603f', '#b3c1bf', '#b675e6', '#c98f7d', '#ff8a3d', '#d2c68a', '#a4a8b4', '#a7e6e8'];

/** Dash patterns (canvas/SVG lengths in px) by run index: solid for the first, then patterns cycle. */
const dashes: number[][] = [[], [7, 3], [2, 2], [9, 3, 2, 3], [4, 4]];

export const RUN_COLOURS = light.length;

export function runColour(index: number, theme: 'light' | 'dark' = currentTheme()): string {
  const list = theme === 'dark' ? dark : light;
  return list[((index % list.length) + list.length) % list.length];
}

/** The dash pattern of the run at `index`: runs 0-4 solid, 5-9 dashed in different patterns (second signal). */
export function runDash(index: number): number[] {
  return index < 5 ? [] : dashes[((index - 5) % (dashes.length - 1)) + 1];
}

export function currentTheme(): 'light' | 'dark' {
  const doc = (globalThis as { document?: { documentElement: { dataset: Record<string, string | undefined> } } }).document;
  return doc?.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}
