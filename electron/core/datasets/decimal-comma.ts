const COMMA_PLAIN = /^[+-]?\d+(,\d+)?$/;
const COMMA_GROUPED = /^[+-]?\d{1,3}(\.\d{3})+,\d+$/;

/**
 * The numbers of dictionary values written with a decimal comma (1,5 / -0,25 / 1.234,5 with thousands
 * dots), or null unless every value is one of those and at least one has a comma. A dotted value
 * without a comma (1.234: one point two or twelve hundred?) is ambiguous and also gives null.
 */
export function decimalCommaValues(dict: string[], token: (s: string) => boolean = () => false): Float64Array | null {
  const out = new Float64Array(dict.length);
  let comma = false;
  for (let k = 0; k < dict.length; k++) {
    const s = dict[k];
    // a missing-value token kept as text (pushToken) is missing once the column is numbers
    if (token(s)) {
      out[k] = NaN;
      continue;
    }
    const grouped = !COMMA_PLAIN.test(s);
    if (grouped && !COMMA_GROUPED.test(s)) return null;
    if (!comma && s.includes(',')) comma = true;
    out[k] = Number((grouped ? s.replace(/\./g, '') : s).replace(',', '.'));
  }
  return comma ? out : null;
}
