/** The small page at "/": what is served, every endpoint, and a form to try a request. */
import type { ModelHost } from './model-host.js';
import { exampleRow } from './examples.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function indexPage(hosts: ModelHost[], needsToken: boolean, version: string): string {
  const examples: Record<string, { method: string; path: string; body: string; type: string }> = {};
  const models = hosts.map((h) => {
    const row = exampleRow(h.current.predictor.preprocessing);
    const n = encodeURIComponent(h.name);
    examples[`${h.name}: TF Serving :predict`] = { method: 'POST', path: `/v1/models/${n}:predict`, body: JSON.stringify({ instances: [row] }, null, 2), type: 'application/json' };
    examples[`${h.name}: MLflow /invocations`] = {
      method: 'POST',
      path: `/invocations?model=${n}`,
      body: JSON.stringify({ dataframe_records: [row] }, null, 2),
      type: 'application/json',
    };
    const v2inputs = Object.entries(row).map(([k, v]) => ({
      name: k,
      shape: Array.isArray(v) ? [1, v.length] : [1],
      datatype: typeof v === 'string' ? 'BYTES' : typeof v === 'boolean' ? 'BOOL' : 'FP32',
      data: Array.isArray(v) ? v : [v],
    }));
    examples[`${h.name}: Open Inference v2 /infer`] = {
      method: 'POST',
      path: `/v2/models/${n}/infer`,
      body: JSON.stringify({ inputs: v2inputs }, null, 2),
      type: 'application/json',
    };
    examples[`${h.name}: status`] = { method: 'GET', path: `/v1/models/${n}`, body: '', type: '' };
    const l = h.current;
    return `<li><b>${esc(h.name)}</b> version ${l.version}${h.alias ? ` (alias <code>${esc(h.alias)}</code>, followed)` : ''}, runtime <code>${esc(l.runtime)}</code>; columns: <code>${esc(l.predictor.features.join(', '))}</code></li>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ciclo prediction server</title>
<style>body{font:14px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}code,pre,textarea{font:13px ui-monospace,monospace}
pre,textarea{background:#f5f5f5;padding:.5rem;border:1px solid #ddd;border-radius:4px;width:100%;box-sizing:border-box}table{border-collapse:collapse}td{padding:.15rem .6rem .15rem 0;vertical-align:top}</style></head>
<body><h1>Ciclo prediction server <small>${esc(version)}</small></h1>
<h2>Models</h2><ul>${models.join('')}</ul>
<h2>Endpoints</h2><table>
<tr><td>TensorFlow Serving</td><td><code>GET /v1/models/NAME[/versions/N|/labels/ALIAS][/metadata]</code>, <code>POST /v1/models/NAME[...]:predict</code> with <code>{"instances": [...]}</code> or <code>{"inputs": {...}}</code></td></tr>
<tr><td>MLflow</td><td><code>GET /ping</code>, <code>/health</code>, <code>/version</code>; <code>POST /invocations</code> (JSON dataframe_split / dataframe_records / instances / inputs, or text/csv)</td></tr>
<tr><td>Open Inference v2</td><td><code>GET /v2</code>, <code>/v2/health/live</code>, <code>/v2/health/ready</code>, <code>/v2/models/NAME[/versions/N][/ready]</code>; <code>POST /v2/models/NAME[/versions/N]/infer</code></td></tr>
<tr><td>OpenAPI</td><td><a href="/openapi.json"><code>/openapi.json</code></a></td></tr></table>
<h2>Try a request</h2>
<p><label>Example <select id="ex">${Object.keys(examples)
    .map((k) => `<option>${esc(k)}</option>`)
    .join('')}</select></label>
${needsToken ? ' <label>Token <input id="tok" type="password" size="40"></label>' : ''}</p>
<p><input id="method" size="5"> <input id="path" size="60"></p>
<textarea id="body" rows="10"></textarea>
<p><button id="send">Send</button> <span id="st"></span></p><pre id="out"></pre>
<script>
const ex=${JSON.stringify(examples).replace(/</g, '\\u003c')};const $=(i)=>document.getElementById(i);
function pick(){const e=ex[$('ex').value];$('method').value=e.method;$('path').value=e.path;$('body').value=e.body;}
$('ex').onchange=pick;pick();
$('send').onclick=async()=>{const e=ex[$('ex').value];const h={};if(e.type&&$('method').value!=='GET')h['Content-Type']=e.type;const t=$('tok');if(t&&t.value)h.Authorization='Bearer '+t.value;
const t0=performance.now();try{const r=await fetch($('path').value,{method:$('method').value,headers:h,body:$('method').value==='GET'?undefined:$('body').value});
const txt=await r.text();$('st').textContent=r.status+' · '+Math.round(performance.now()-t0)+' ms · X-Request-Id '+(r.headers.get('x-request-id')||'');
try{$('out').textContent=JSON.stringify(JSON.parse(txt),null,2)}catch{$('out').textContent=txt}}catch(err){$('st').textContent=String(err)}};
</script></body></html>`;
}
