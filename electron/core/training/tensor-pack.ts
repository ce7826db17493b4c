/**
 * A small binary container for named float32 tensors plus a JSON header: used for checkpoints and for
 * model packages. Layout: "CICLOTB1", uint32 LE header length, UTF-8 JSON header, zero padding to a
 * multiple of 4, then the tensors' float32 data (little-endian) one after another.
 */

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

const MAGIC = 'CICLOTB1';

export function encodeTensorPack(meta: unknown, groups: Record<string, NamedTensor[]>): Uint8Array {
  const entries: Record<string, TensorEntry[]> = {};
  let offset = 0;
  for (const [group, tensors] of Object.entries(groups)) {
    entries[group] = tensors.map((t) => {
      const e = { name: t.name, shape: t.shape, offset, length: t.data.length };
      offset += t.data.length;
      return e;
    });
  }
  const header = Buffer.from(JSON.stringify({ meta, tensors: entries }), 'utf8');
  const start = Math.ceil((8 + 4 + header.length) / 4) * 4;
  const out = new Uint8Array(start + offset * 4);
  out.set(Buffer.from(MAGIC, 'ascii'), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  const floats = new Float32Array(out.buffer, start, offset);
  for (const [group, tensors] of Object.entries(groups)) {
    tensors.forEach((t, i) => floats.set(t.data, entries[group][i].offset));
  }
  return out;
}

export interface DecodedTensorPack<M> {
  meta: M;
  groups: Record<string, NamedTensor[]>;
}

export function decodeTensorPack<M = unknown>(bytes: Uint8Array, what = 'file'): DecodedTensorPack<M> {
  if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 8)).toString('ascii') !== MAGIC) {
    throw new Error(`The ${what} is not a Ciclo tensor pack (bad magic number).`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new Error(`The ${what} is truncated (header).`);
  const header = JSON.parse(Buffer.from(bytes.subarray(12, 12 + headerLength)).toString('utf8')) as { meta: M; tensors: Record<string, TensorEntry[]> };
  const start = Math.ceil((12 + headerLength) / 4) * 4;
  // copy into an aligned buffer (a Buffer read from disk may sit at any offset)
  const total = (bytes.length - start) / 4;
  if (!Number.isInteger(total)) throw new Error(`The ${what} is truncated (data).`);
  const floats = new Float32Array(total);
  new Uint8Array(floats.buffer).set(bytes.subarray(start));
  const groups: Record<string, NamedTensor[]> = {};
  for (const [group, list] of Object.entries(header.tensors)) {
    groups[group] = list.map((e) => {
      if (e.offset + e.length > total) throw new Error(`The ${what} is truncated (tensor ${e.name}).`);
      return { name: e.name, shape: e.shape, data: floats.subarray(e.offset, e.offset + e.length) };
    });
  }
  return { meta: header.meta, groups };
}
