/**
 * Column names from a CSV header: one rule for every reader of a header (the import, `ciclo predict` and the
 * Deploy phase's batch prediction, serving's text/csv), so a file scored later finds the columns its model
 * was trained on under the same names. Names are trimmed; a column without a name is named column_N (N its
 * position from 1); a name met again is named NAME_2, NAME_3, ... (pandas reads such a header as NAME.1).
 */
export interface HeaderNames {
  names: string[];
  /** Positions (from 1) of the columns that had no name. */
  generated: number[];
  /** Names the header repeats, with what their repeats were named. */
  repeated: { name: string; as: string[] }[];
}

/** A header cell as a column name: trimmed ("Uso % " is the column "Uso %"). Serving reads request keys by it too. */
export function columnName(cell: string): string {
  return cell.trim();
}

export function headerNames(cells: readonly string[]): HeaderNames {
  const names = cells.map(columnName);
  const generated: number[] = [];
  names.forEach((n, i) => {
    if (n !== '') return;
    let candidate = `column_${i + 1}`;
    while (names.includes(candidate)) candidate += '_';
    names[i] = candidate;
    generated.push(i + 1);
  });
  const taken = new Set(names);
  const seen = new Set<string>();
  const repeated = new Map<string, string[]>();
  names.forEach((n, i) => {
    if (!seen.has(n)) {
      seen.add(n);
      return;
    }
    let k = 2;
    while (taken.has(`${n}_${k}`)) k++;
    names[i] = `${n}_${k}`;
    taken.add(names[i]);
    repeated.set(n, [...(repeated.get(n) ?? []), names[i]]);
  });
  return { names, generated, repeated: [...repeated].map(([name, as]) => ({ name, as })) };
}

/** A first record that is all numbers is data, not a header (the file has none: columns are column_1, column_2, ...). */
export function looksLikeHeader(cells: readonly string[]): boolean {
  return cells.length > 0 && !cells.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
}

/** The names of a file without a header. */
export function generatedNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column_${i + 1}`);
}
