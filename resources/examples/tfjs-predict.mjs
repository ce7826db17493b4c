#!/usr/bin/env node
// Scores a CSV with a model exported by `ciclo model export M@REF --format tfjs --output DIR`, in plain Node
// with @tensorflow/tfjs only (no Ciclo code): reads DIR/model.json, DIR/weights.bin and DIR/preprocessing.json,
// turns each row into the model's input exactly as preprocessing.json says, and prints one JSON line per row.
//
//   npm install @tensorflow/tfjs
//   node tfjs-predict.mjs DIR input.csv
//
// The CSV reader here handles quoted fields; it assumes a header line and commas.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

const MISSING = new Set(['', 'na', 'n/a', 'null', '?', 'nan', 'none']);
const TRUE = new Set(['true', 'yes', 'y', 't', '1']);

function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += c;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
}

function numberOf(value, type) {
  const s = String(value ?? '').trim();
  if (MISSING.has(s.toLowerCase())) return NaN;
  if (type === 'boolean') return TRUE.has(s.toLowerCase()) ? 1 : 0;
  if (type === 'datetime') return Date.parse(s);
  return Number(s);
}

/** One input vector per row, as preprocessing.json describes (numeric: standardised; categorical: one-hot + unknown). */
export function encode(pre, rows) {
  const width = pre.inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    let o = i * width;
    for (const f of pre.features) {
      if (f.kind === 'numeric') {
        const v = numberOf(r[f.name], f.type);
        x[o++] = Number.isNaN(v) ? 0 : (v - f.mean) / f.std;
      } else {
        const raw = String(r[f.name] ?? '');
        const label = MISSING.has(raw.trim().toLowerCase()) ? f.fill : raw;
        const k = label === null ? -1 : f.categories.indexOf(label);
        x[o + (k < 0 ? f.categories.length : k)] = 1;
        o += f.categories.length + 1;
      }
    }
  });
  return tf.tensor(x, [rows.length, ...pre.inputShape]);
}

/** Loads the folder with tf.loadLayersModel through an IO handler that reads the files. */
export async function loadFolder(dir) {
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const pre = JSON.parse(fs.readFileSync(path.join(dir, 'preprocessing.json'), 'utf8'));
  const model = await tf.loadLayersModel({
    load: async () => {
      const buffers = modelJson.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p))));
      const all = Buffer.concat(buffers);
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
  const out = model.predict(encode(pre, rows)).arraySync();
  return rows.map((_, i) => {
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
