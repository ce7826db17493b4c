import { Marked } from 'marked';
import type { CardLanguage } from '../../../shared/schemas/registry.js';

/**
 * Markdown to HTML for model cards. Raw HTML in the Markdown (people write the limitations and ethics
 * sections) is shown as text, never run, and links may only go to http(s), mailto or an anchor, so a
 * card is safe to show inside the app and to open from disk.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const marked = new Marked({
  gfm: true,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
  walkTokens(token) {
    if ((token.type === 'link' || token.type === 'image') && !/^(https?:|mailto:|#)/i.test(token.href)) token.href = '#';
  },
});

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

/** Drops a leading YAML front matter block. */
export function stripFrontMatter(markdown: string): string {
  return markdown.replace(/^---\n[\s\S]*?\n---\n*/, '');
}

const CSS = `
:root{color-scheme:light dark}
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f8fafc;margin:0}
main{max-width:920px;margin:0 auto;padding:28px 24px 48px;background:#fff;min-height:100vh;box-sizing:border-box}
h1{font-size:26px;margin:0 0 12px}h2{font-size:19px;margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid #e2e8f0}
h3{font-size:16px;margin:20px 0 8px}
table{border-collapse:collapse;margin:8px 0 12px;font-size:14px}th,td{border:1px solid #e2e8f0;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f1f5f9}code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f5f9;padding:1px 4px;border-radius:4px;word-break:break-all}
ul{padding-left:22px}li{margin:2px 0}a{color:#2563eb}
.meta{font-size:12px;color:#64748b;margin-top:32px;border-top:1px solid #e2e8f0;padding-top:8px}
@media (prefers-color-scheme:dark){body{background:#0b1220;color:#e2e8f0}main{background:#111827}th{background:#1f2937}code{background:#1f2937}th,td,h2,.meta{border-color:#334155}a{color:#93c5fd}}
@media print{body{background:#fff}main{padding:0}}
`;

/** A self-contained page: inline CSS, no scripts, no external assets; opens offline. */
export function cardPage(title: string, bodyHtml: string, lang: CardLanguage, footer: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body><main>
${bodyHtml}
<p class="meta">${escapeHtml(footer)}</p>
</main></body>
</html>
`;
}
