import type { ServedModel } from '../../../../../shared/schemas/serving';

/** Copyable example requests for one served model: per protocol, in curl, Python requests and JavaScript fetch. */
export type Protocol = 'tfserving' | 'mlflow' | 'v2';
export type Language = 'curl' | 'python' | 'js';

export function requestFor(model: ServedModel, protocol: Protocol): { path: string; body: unknown } {
  const row = model.example;
  const n = encodeURIComponent(model.name);
  if (protocol === 'tfserving') return { path: `/v1/models/${n}:predict`, body: { instances: [row] } };
  if (protocol === 'mlflow') return { path: `/invocations?model=${n}`, body: { dataframe_records: [row] } };
  const inputs = Object.entries(row).map(([name, v]) => ({
    name,
    shape: Array.isArray(v) ? [1, v.length] : [1],
    datatype: typeof v === 'string' ? 'BYTES' : typeof v === 'boolean' ? 'BOOL' : 'FP32',
    data: Array.isArray(v) ? v : [v],
  }));
  return { path: `/v2/models/${n}/infer`, body: { inputs } };
}

export function snippet(baseUrl: string, model: ServedModel, protocol: Protocol, language: Language, token: string | null): string {
  const { path, body } = requestFor(model, protocol);
  const url = baseUrl + path;
  const json = JSON.stringify(body);
  const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  if (language === 'curl') {
    return [`curl -s ${sq(url)}`, `  -H 'Content-Type: application/json'`, ...(token ? [`  -H ${sq(`Authorization: Bearer ${token}`)}`] : []), `  -d ${sq(json)}`].join(' \\\n');
  }
  if (language === 'python') {
    const headers = token ? `, headers={"Authorization": "Bearer ${token}"}` : '';
    return `import requests\n\nbody = ${JSON.stringify(body, null, 4)
      .replace(/\btrue\b/g, 'True')
      .replace(/\bfalse\b/g, 'False')
      .replace(/\bnull\b/g, 'None')}\nr = requests.post("${url}", json=body${headers})\nprint(r.status_code, r.headers["X-Request-Id"])\nprint(r.json())`;
  }
  const headers = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  return `const r = await fetch(${JSON.stringify(url)}, {\n  method: 'POST',\n  headers: ${JSON.stringify(headers)},\n  body: JSON.stringify(${JSON.stringify(body, null, 2).replace(/\n/g, '\n  ')}),\n});\nconsole.log(r.status, r.headers.get('X-Request-Id'), await r.json());`;
}
