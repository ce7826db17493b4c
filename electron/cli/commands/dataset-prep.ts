import type { Command } from 'commander';
import { invalid, type Issue } from '../../../shared/contract/errors.js';
import { dateHandlings, dateOrders, defaultMissingTokens, missingStrategies, type DateHandling, type DateOrder, type MissingStrategy } from '../../../shared/schemas/prep.js';
import { collect } from '../context.js';

/** One column's preparation choices as the contract takes them. */
type Prep = Record<
  string,
  { missingTokens?: string[]; missingStrategy?: MissingStrategy; missingConstant?: string; missingIndicator?: boolean; dateHandling?: DateHandling; dateOrder?: DateOrder }
>;

/** The missing-value and date options shared by `dataset import` and `dataset schema`. */
export function addPrepOptions(cmd: Command): Command {
  return cmd
    .option(
      '--missing <col=strategy>',
      `how missing values of a column are filled: ${missingStrategies.filter((s) => s !== 'constant').join(', ')} or constant:VALUE (default: median for numbers and dates, mode for booleans, category for categorical); repeatable`,
      collect,
      [],
    )
    .option('--missing-indicator <col=yes|no>', 'add a 0/1 feature saying the value was missing (default: yes, except with the category strategy); repeatable', collect, [])
    .option(
      '--missing-tokens <col=tokens>',
      'cell texts read as missing in a column, comma separated, e.g. col="NA,?,-1"; "+x,y" adds to the current ones (default: NA, N/A, n/a, na, null, NULL, Null, ?, NaN, nan; an empty cell is always missing); repeatable',
      collect,
      [],
    )
    .option(
      '--date <col=handling>',
      `how a date column becomes features: ${dateHandlings.join(', ')} (default: parts: year, month, day of week, day of year, hour); repeatable`,
      collect,
      [],
    )
    .option(
      '--date-order <col=order>',
      'how a date column is written: ymd (2024-12-31, ISO), dmy (31/12/2024, day first) or mdy (12/31/2024, month first); by default read from the values; repeatable',
      collect,
      [],
    );
}

function split(option: string, text: string, i: number, issues: Issue[], allowed: string): [string, string] | null {
  const at = text.indexOf('=');
  if (at <= 0) {
    issues.push({ path: [option, i], key: 'cli.bad_pair', params: { option, text, allowed }, message: `--${option} "${text}" must look like COLUMN=VALUE with VALUE ${allowed}.` });
    return null;
  }
  return [text.slice(0, at), text.slice(at + 1).trim()];
}

/** The per-column preparation choices the options give; every bad option is named at once. */
export function prepFrom(
  opts: { missing?: string[]; missingIndicator?: string[]; missingTokens?: string[]; date?: string[]; dateOrder?: string[] },
  current: (column: string) => string[] | undefined = () => undefined,
): Prep {
  const out: Prep = {};
  const issues: Issue[] = [];
  const col = (name: string) => (out[name] ??= {});
  (opts.missing ?? []).forEach((t, i) => {
    const allowed = `one of ${missingStrategies.filter((s) => s !== 'constant').join(', ')} or constant:VALUE`;
    const p = split('missing', t, i, issues, allowed);
    if (!p) return;
    const [name, value] = p;
    const lower = value.toLowerCase();
    if (lower.startsWith('constant:')) {
      col(name).missingStrategy = 'constant';
      col(name).missingConstant = value.slice('constant:'.length);
    } else if ((missingStrategies as readonly string[]).includes(lower) && lower !== 'constant') col(name).missingStrategy = lower as MissingStrategy;
    else if (lower === 'most_frequent' || lower === 'most-frequent') col(name).missingStrategy = 'mode';
    else issues.push({ path: ['missing', i], key: 'cli.bad_pair', params: { option: 'missing', text: t, allowed }, message: `--missing "${t}": VALUE must be ${allowed}.` });
  });
  (opts.missingIndicator ?? []).forEach((t, i) => {
    const p = split('missing-indicator', t, i, issues, 'yes or no');
    if (!p) return;
    const v = p[1].toLowerCase();
    if (['yes', 'true', 'on', '1'].includes(v)) col(p[0]).missingIndicator = true;
    else if (['no', 'false', 'off', '0'].includes(v)) col(p[0]).missingIndicator = false;
    else
      issues.push({
        path: ['missing-indicator', i],
        key: 'cli.bad_pair',
        params: { option: 'missing-indicator', text: t, allowed: 'yes, no' },
        message: `--missing-indicator "${t}": VALUE must be yes or no.`,
      });
  });
  (opts.missingTokens ?? []).forEach((t, i) => {
    const p = split('missing-tokens', t, i, issues, 'a comma-separated list of cell texts');
    if (!p) return;
    // "+a,b" adds to the column's current tokens (the defaults on import)
    const add = p[1].startsWith('+');
    const list = (add ? p[1].slice(1) : p[1])
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    col(p[0]).missingTokens = add ? [...(current(p[0]) ?? defaultMissingTokens), ...list] : list;
  });
  /** COL=VALUE pairs whose VALUE is one of a fixed list (--date, --date-order). */
  const oneOf = <T extends string>(option: string, texts: string[] | undefined, allowed: readonly T[], set: (c: Prep[string], v: T) => void) =>
    (texts ?? []).forEach((t, i) => {
      const p = split(option, t, i, issues, `one of ${allowed.join(', ')}`);
      if (!p) return;
      const v = p[1].toLowerCase();
      if ((allowed as readonly string[]).includes(v)) set(col(p[0]), v as T);
      else
        issues.push({
          path: [option, i],
          key: 'cli.bad_pair',
          params: { option, text: t, allowed: allowed.join(', ') },
          message: `--${option} "${t}": VALUE must be one of ${allowed.join(', ')}.`,
        });
    });
  oneOf('date', opts.date, dateHandlings, (c, v) => (c.dateHandling = v));
  oneOf('date-order', opts.dateOrder, dateOrders, (c, v) => (c.dateOrder = v));
  if (issues.length) throw invalid(issues);
  return out;
}
