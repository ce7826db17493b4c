/**
 * Categories written more than one way: values of a categorical column that differ only in upper and lower
 * case or in spaces ("Basic", "basic", "basic "). To a model each spelling is a category of its own, which
 * splits what it learns about one thing in two. Accents are not ignored: "si" and "sí" can mean different things.
 */

/** At most this many categories are compared (a categorical column has few; a longer list is not one). */
const MAX_VALUES = 5000;

const key = (v: string) => v.trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');

/** The groups of two or more spellings of one category, in dictionary order; missing-value cells are left out. */
export function spellingVariants(values: readonly string[], missing: (v: string) => boolean = () => false): string[][] {
  if (values.length > MAX_VALUES) return [];
  const groups = new Map<string, string[]>();
  for (const v of values) {
    if (missing(v)) continue;
    const k = key(v);
    const group = groups.get(k);
    if (!group) groups.set(k, [v]);
    else if (!group.includes(v)) group.push(v);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}
