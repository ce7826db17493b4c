#!/usr/bin/env node
// Scores a CSV with a model exported by `ciclo model export M@REF --format tfjs --output DIR`, in plain Node
// with @tensorflow/tfjs only (no Ciclo code): reads DIR/model.json, DIR/weights.bin and DIR/preprocessing.json,
// turns each row into the model's input exactly as preprocessing.json says, and prints one JSON line per row
// ({ label, probabilities } or { value }; { error } for a row that cannot be read, such as text in a number column).
//
//   npm install @tensorflow/tfjs
//   node tfjs-predict.mjs DIR input.csv
//
// Both preprocessing formats are implemented: "ciclo-preprocessing/2" (tables trained now: per-column
// missing-value tokens, fill strategies, missing indicators, dates as calendar parts) and
// "ciclo-preprocessing/1" (older tables, and images). The CSV reader here handles quoted fields; it assumes
// a header line and commas.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

// ---------------------------------------------------------------- reading cells (format /2)

/** A number written plainly (no hex, octal or binary, no words such as Infinity), or NaN. */
function parseNumber(t) {
  const c = t.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return NaN;
  const n = Number(t);
  if (!Number.isFinite(n)) return NaN;
  if (t.length > 1 && 'xXob'.includes(t[1])) return NaN;
  return n;
}

function parseBoolean(t) {
  const s = t.toLowerCase();
  if (['true', 'yes', 't', 'y', 'sí', 'si', 'verdadero'].includes(s)) return 1;
  if (['false', 'no', 'f', 'n', 'falso'].includes(s)) return 0;
  return NaN;
}

const DATE_LIKE = {
  ymd: 'a date (such as 2024-03-31 or 2024-03-31T14:05:00)',
  dmy: 'a day-first date (such as 31/12/2024 or 31/12/2024 14:05, or 2024-12-31)',
  mdy: 'a month-first date (such as 12/31/2024 or 12/31/2024 14:05, or 2024-12-31)',
};

const DATE_RE = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const DAY_FIRST_RE = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Month names and abbreviations in English and Spanish: 1 May 2024, 01-May-2024, 1 de mayo de 2024, May 1, 2024. */
const MONTHS = {};
[
  'jan january ene enero',
  'feb february febrero',
  'mar march marzo',
  'apr april abr abril',
  'may mayo',
  'jun june junio',
  'jul july julio',
  'aug august ago agosto',
  'sep sept september set septiembre setiembre',
  'oct october octubre',
  'nov november noviembre',
  'dec december dic diciembre',
].forEach((names, i) => names.split(' ').forEach((n) => (MONTHS[n] = i + 1)));
const TIME = '(?:T|\\s+|,\\s*)(\\d{1,2}):(\\d{2})(?::(\\d{2}))?';
const DAY_MONTH_RE = new RegExp(`^(\\d{1,2})(?:[-/]|\\s+(?:de\\s+)?)([a-z]+)\\.?(?:[-/]|\\s+(?:de\\s+)?|,\\s*)(\\d{4})(?:${TIME})?$`, 'i');
const MONTH_DAY_RE = new RegExp(`^([a-z]+)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:${TIME})?$`, 'i');

/**
 * A date as epoch milliseconds (UTC when no zone), or NaN. The column's dateOrder says how it is written:
 * absent or 'ymd' YYYY-MM-DD[ HH:MM[:SS[.fff]]][zone]; 'dmy' D/M/YYYY (31/12/2024) and 'mdy' M/D/YYYY, with
 * /, - or . and the same optional time; an ISO date, or one with its month's name, in any column.
 */
function parseDate(t, order = 'ymd') {
  let y, mo, d, time;
  const iso = DATE_RE.exec(t);
  const dayFirst = /^\d/.test(t);
  const named = iso ? null : (dayFirst ? DAY_MONTH_RE : MONTH_DAY_RE).exec(t);
  if (named) {
    mo = MONTHS[(dayFirst ? named[2] : named[1]).toLowerCase()];
    if (!mo) return NaN;
    [d, y] = [+(dayFirst ? named[1] : named[2]), +named[3]];
    time = named.slice(4);
  } else if (iso || order === 'ymd') {
    // an ISO date (year first) cannot be mistaken, so a day- or month-first column reads it too
    const m = iso;
    if (!m) return NaN;
    [y, mo, d] = [+m[1], +m[2], +m[3]];
    time = m.slice(4);
  } else {
    const m = DAY_FIRST_RE.exec(t);
    if (!m) return NaN;
    [d, mo] = order === 'dmy' ? [+m[1], +m[3]] : [+m[3], +m[1]];
    y = +m[4];
    time = m.slice(5);
  }
  const [h, mi, s] = [0, 1, 2].map((k) => +(time[k] ?? 0));
  const [frac, zone] = [time[3], time[4]];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
  let ms = Date.UTC(y, mo - 1, d, h, mi, s, frac ? Math.round(Number(frac) * 1000) : 0);
  if (new Date(ms).getUTCDate() !== d) return NaN;
  if (zone && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    ms -= (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

/** A column's missing-value tokens: the empty cell always; a token that is a number matches by value, others by text. */
function missingOf(tokens) {
  const texts = new Set(['']);
  const numbers = new Set();
  for (const raw of tokens) {
    const t = raw.trim();
    const n = parseNumber(t);
    if (t !== '' && !Number.isNaN(n)) numbers.add(n);
    else texts.add(t);
  }
  const text = (t) => {
    if (texts.has(t)) return true;
    const n = numbers.size ? parseNumber(t) : NaN;
    return !Number.isNaN(n) && numbers.has(n);
  };
  return { text, value: (v) => Number.isNaN(v) || numbers.has(v) };
}

/** One cell as its column's value: a number (NaN = missing) or a category (null = missing); throws an Error when unreadable. */
function readCell(v, f, missing) {
  const numeric = f.type !== 'categorical';
  if (v === undefined || v === null) return numeric ? NaN : null;
  if (!numeric) {
    if (typeof v === 'number') return Number.isFinite(v) && !missing.value(v) ? String(v) : null;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v instanceof Date) return v.toISOString();
    if (typeof v !== 'string') return JSON.stringify(v);
    const t = v.trim();
    if (missing.text(t)) return null;
    const n = f.numericLabels ? parseNumber(t) : NaN;
    return Number.isNaN(n) ? t : String(n);
  }
  let n;
  if (typeof v === 'number') n = Number.isFinite(v) ? v : NaN;
  else if (typeof v === 'boolean') n = v ? 1 : 0;
  else if (v instanceof Date) n = v.getTime();
  else if (typeof v === 'string') {
    const t = v.trim();
    if (missing.text(t)) return NaN;
    if (f.type === 'boolean') {
      n = parseBoolean(t);
      if (Number.isNaN(n)) n = parseNumber(t);
      if (n !== 0 && n !== 1) throw new Error(`column "${f.name}": "${t}" is not a boolean (true/false, yes/no, 0/1)`);
    } else if (f.type === 'datetime') {
      n = parseDate(t, f.dateOrder);
      if (Number.isNaN(n)) throw new Error(`column "${f.name}": "${t}" is not ${DATE_LIKE[f.dateOrder ?? 'ymd']}`);
    } else {
      n = parseNumber(t);
      if (Number.isNaN(n)) throw new Error(`column "${f.name}": "${t}" is not a number`);
    }
  } else throw new Error(`column "${f.name}": a ${Array.isArray(v) ? 'list' : typeof v} is not a ${f.type} value`);
  if (f.type === 'boolean' && !Number.isNaN(n) && n !== 0 && n !== 1) throw new Error(`column "${f.name}": ${n} is not a boolean (0 or 1)`);
  return missing.value(n) ? NaN : n;
}

// ---------------------------------------------------------------- encoding (format /2)

const DAY = 86_400_000;

function width2(f) {
  const own = f.kind === 'numeric' ? 1 : f.kind === 'date' ? f.parts.reduce((a, p) => a + (p === 'year' ? 1 : 2), 0) : f.categories.length + 1 + (f.missingSlot ? 1 : 0);
  return own + (f.indicator ? 1 : 0);
}

/** The year standardised, then sine and cosine of month, day of week, day of year and hour (UTC). */
function dateParts(f, t, x, k) {
  const d = new Date(t);
  const cyc = (value, period) => {
    const a = (2 * Math.PI * value) / period;
    x[k++] = Math.sin(a);
    x[k++] = Math.cos(a);
  };
  for (const p of f.parts) {
    if (p === 'year') x[k++] = (d.getUTCFullYear() - f.yearMean) / f.yearStd;
    else if (p === 'month') cyc(d.getUTCMonth(), 12);
    else if (p === 'day_of_week') cyc(d.getUTCDay(), 7);
    else if (p === 'day_of_year') {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      cyc(Math.floor((t - start) / DAY), (Date.UTC(d.getUTCFullYear() + 1, 0, 1) - start) / DAY);
    } else cyc(d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600, 24);
  }
}

/** Writes one row's features into x at offset o. */
function encodeRow2(pre, r, x, o, matchers) {
  const cells = pre.features.map((f, j) => readCell(r[f.name], f, matchers[j]));
  pre.features.forEach((f, j) => {
    const cell = cells[j];
    const w = width2(f);
    const missing = f.kind === 'categorical' ? cell === null : Number.isNaN(cell);
    if (f.kind === 'categorical') {
      const unknown = f.categories.length;
      const label = missing ? f.fill : cell;
      const k = missing && f.missingSlot ? unknown + 1 : label === null ? unknown : f.categories.includes(label) ? f.categories.indexOf(label) : unknown;
      x[o + k] = 1;
    } else if (f.kind === 'date') dateParts(f, missing ? f.fill : cell, x, o);
    else x[o] = ((missing ? f.fill : cell) - f.mean) / f.std;
    if (f.indicator && missing) x[o + w - 1] = 1;
    o += w;
  });
}

// ---------------------------------------------------------------- format /1 (older tables, images)

const MISSING1 = new Set(['', 'na', 'n/a', 'null', '?', 'nan', 'none']);
const isMissing1 = (v) => v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && MISSING1.has(v.trim().toLowerCase()));

function readNumber1(v, name, type) {
  if (isMissing1(v)) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`column "${name}": ${v} is not a finite number`);
    return v;
  }
  if (v instanceof Date) return v.getTime();
  if (typeof v !== 'string') throw new Error(`column "${name}": a ${typeof v} is not a number`);
  const s = v.trim();
  if (type === 'boolean') {
    if (['true', 'yes', 'y', 't', '1'].includes(s.toLowerCase())) return 1;
    if (['false', 'no', 'n', 'f', '0'].includes(s.toLowerCase())) return 0;
    throw new Error(`column "${name}": "${s}" is not a boolean (true/false)`);
  }
  const n = type === 'datetime' ? Date.parse(s) : Number(s);
  if (!Number.isFinite(n)) throw new Error(`column "${name}": "${s}" is not a ${type === 'datetime' ? 'date' : 'number'}`);
  return n;
}

function encodeRow1(pre, r, x, o) {
  if (pre.image?.source === 'images') {
    const px = r.pixels;
    const width = x.length;
    if (!px || typeof px.length !== 'number') throw new Error('an image row needs "pixels": an array of 0..255 values');
    if (px.length !== width) throw new Error(`the image has ${px.length} values; the model expects ${pre.inputShape.join('x')} = ${width}`);
    for (let j = 0; j < width; j++) {
      const v = Number(px[j]);
      if (!Number.isFinite(v)) throw new Error(`pixel ${j} is not a number`);
      x[o + j] = v / pre.image.scale;
    }
  } else if (pre.image) {
    pre.featureNames.forEach((name, j) => {
      const v = readNumber1(r[name], name, 'numeric');
      x[o + j] = Number.isNaN(v) ? 0 : v / pre.image.scale;
    });
  } else {
    for (const f of pre.features) {
      if (f.kind === 'numeric') {
        const v = readNumber1(r[f.name], f.name, f.type);
        x[o++] = Number.isNaN(v) ? 0 : (v - f.mean) / f.std;
      } else {
        const label = isMissing1(r[f.name]) ? f.fill : String(r[f.name]);
        const k = label === null ? -1 : f.categories.indexOf(label);
        x[o + (k < 0 ? f.categories.length : k)] = 1;
        o += f.categories.length + 1;
      }
    }
  }
}

/**
 * The model's input for each row, as preprocessing.json describes, and the reason for each row that cannot be
 * read (its input stays all zeros and it gets no prediction).
 */
export function encode(pre, rows) {
  const width = pre.inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(rows.length * width);
  const errors = new Map();
  const matchers = pre.format === 'ciclo-preprocessing/2' && !pre.image ? pre.features.map((f) => missingOf(f.missingTokens)) : [];
  rows.forEach((r, i) => {
    const row = new Float32Array(width);
    try {
      if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error('the row is not an object of column values');
      if (pre.format === 'ciclo-preprocessing/2' && !pre.image) encodeRow2(pre, r, row, 0, matchers);
      else encodeRow1(pre, r, row, 0);
      x.set(row, i * width);
    } catch (err) {
      errors.set(i, err.message);
    }
  });
  return { x: tf.tensor(x, [rows.length, ...pre.inputShape]), errors };
}

// ---------------------------------------------------------------- files and output

function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      (row.push(cell), rows.push(row), (row = []), (cell = ''));
    } else cell += c;
  }
  if (cell !== '' || row.length) (row.push(cell), rows.push(row));
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
}

/** Loads the folder with tf.loadLayersModel through an IO handler that reads the files. */
export async function loadFolder(dir) {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const pre = JSON.parse(fs.readFileSync(path.join(dir, 'preprocessing.json'), 'utf8'));
  const model = await tf.loadLayersModel({
    load: async () => {
      const all = Buffer.concat(modelJson.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p)))));
      return {
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  });
  return { model, pre };
}

export async function predictRows(dir, rows) {
  const { model, pre } = await loadFolder(dir);
  const { x, errors } = encode(pre, rows);
  const out = model.predict(x).arraySync();
  return rows.map((_, i) => {
    if (errors.has(i)) return { error: errors.get(i) };
    if (pre.task === 'regression') return { value: out[i][0] * pre.target.std + pre.target.mean };
    const probs = out[i];
    const best = probs.indexOf(Math.max(...probs));
    return { label: pre.classes[best], probabilities: Object.fromEntries(pre.classes.map((c, j) => [c, probs[j]])) };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [dir, csv] = process.argv.slice(2);
  if (!dir || !csv) {
    console.error('usage: node tfjs-predict.mjs MODEL_DIR input.csv');
    process.exit(1);
  }
  await tf.setBackend('cpu');
  for (const p of await predictRows(dir, parseCsv(fs.readFileSync(csv, 'utf8')))) console.log(JSON.stringify(p));
}
