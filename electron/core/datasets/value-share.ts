/**
 * For the data checks that say "this column is nearly all X" (numbers written for people, dates with two-digit
 * years): the column's distinct values that are X, when at least `share` of its present values are X or fit
 * beside them (a plain number among formatted ones); else null. Missing-value cells are left out; a long list is
 * judged by its first values (in the order the file has them: an id column has a million).
 */
const LOOKED_AT = 20_000;

export function nearlyAll(values: readonly string[], missing: (v: string) => boolean, kind: (t: string) => 'hit' | 'fits' | null, share = 0.9): string[] | null {
  const hits: string[] = [];
  let present = 0;
  let fits = 0;
  for (let k = 0; k < Math.min(values.length, LOOKED_AT); k++) {
    const t = values[k].trim();
    if (missing(t)) continue;
    present++;
    const v = kind(t);
    if (v === 'hit') hits.push(t);
    else if (v === 'fits') fits++;
  }
  return hits.length > 0 && hits.length + fits >= present * share ? hits : null;
}
