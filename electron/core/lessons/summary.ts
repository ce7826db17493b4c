import { auditSentence } from '../../../shared/audit-sentence.js';
import registryEn from '../../../shared/i18n/locales/registry-ui.en.json' with { type: 'json' };
import registryEs from '../../../shared/i18n/locales/registry-ui.es.json' with { type: 'json' };
import { localeTexts } from '../../../shared/i18n/texts.js';
import { AuditNameResolver } from '../registry/audit-names.js';
import { summarize } from '../registry/audit-timeline.js';
import type { Services } from '../services.js';
import { auditInOrder, type AuditRow } from '../store/audit-store.js';
import { projectRows } from '../store/project-store.js';
import { lessons } from './definitions.js';
import type { LessonService } from './service.js';
import { lessonText, type LessonLang } from './texts.js';

const esc = (v: unknown) => String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The input fields the action's sentence does not already tell (reason, target, shifts...), as "key: value". */
function what(details: Record<string, unknown>): string {
  const input = (details.input ?? {}) as Record<string, unknown>;
  const keep = ['reason', 'target', 'shifts', 'stage', 'override'];
  return keep
    .filter((k) => input[k] !== undefined && input[k] !== null && input[k] !== '')
    .map((k) => `${k}: ${Array.isArray(input[k]) ? (input[k] as unknown[]).join(', ') : typeof input[k] === 'object' ? JSON.stringify(input[k]) : String(input[k])}`)
    .join(' · ');
}

/**
 * What a workspace did, from its audit log, as one offline HTML page (no script, no external link): the
 * lessons' progress, then every recorded action in order with who, through which door and the key inputs. Each
 * action reads as the same sentence the Registry's audit trail shows (shared/audit-sentence.ts).
 * With a lesson: only its project's actions (and the unscoped ones, such as a bundle export, since it began).
 */
export function lessonSummary(s: Services, service: LessonService, lang: LessonLang, ref?: number | string) {
  const t = (key: string, params: Record<string, string | number> = {}) => lessonText(lang, key, params);
  const fmt = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
  const date = (iso: string) => fmt.format(new Date(iso));
  const chosen = ref === undefined ? lessons.map((l) => service.status(l.number, lang)) : [service.status(ref, lang)];
  const lesson = ref === undefined ? null : chosen[0];
  const projectId = lesson?.projectId ?? null;
  let rows: AuditRow[];
  if (lesson) {
    // the lesson's story: what happened to its project (and unscoped work such as a bundle export), not the
    // workspace's preference changes made meanwhile
    rows = projectId ? auditInOrder(s.db, { projectId, since: lesson.startedAt ?? '' }).filter((r) => r.action !== 'prefs.set') : [];
  } else {
    rows = auditInOrder(s.db);
  }
  const names = new Map(projectRows(s.db, true).map((p) => [p.id, p.name]));
  const resolver = new AuditNameResolver(s.db);
  const sentenceT = localeTexts({ en: registryEn, es: registryEs }, lang);
  const progress = chosen
    .map(
      (l) => `<h2>${esc(t('summary.lessonHead', { n: l.number, title: l.title }))}</h2>
<p>${esc(l.started ? t('summary.progress', { done: l.doneCount, total: l.steps.length }) : t('summary.notStarted'))}${l.projectName ? ` · ${esc(t('summary.project', { name: l.projectName }))}` : ''}</p>
<ol>${l.steps
        .map(
          (st) =>
            `<li class="${st.done ? 'done' : 'open'}">${st.done ? '✔' : '○'} ${esc(st.title)}${st.doneAt ? ` <span class="muted">${esc(date(st.doneAt))} · ${esc(t(`summary.how.${st.how}`))}</span>` : ''}</li>`,
        )
        .join('')}</ol>`,
    )
    .join('\n');
  const body = rows
    .map((r) => {
      const details = JSON.parse(r.details) as Record<string, unknown>;
      const resolved = resolver.namesOf(r.action, r.subject_id, details);
      const projectName = r.project_id ? (names.get(r.project_id) ?? null) : null;
      const label = auditSentence(
        sentenceT,
        { action: r.action, details, names: resolved, projectName, subjectId: r.subject_id, summary: summarize(r.action, details, resolved) },
        lang,
      );
      return `<tr><td>${esc(date(r.at))}</td><td><strong>${esc(label)}</strong><br><code>${esc(r.action)}</code></td><td>${esc(r.project_id ? (projectName ?? r.project_id) : '')}</td><td>${esc(String(details.actor ?? ''))}</td><td>${esc(sentenceT(`door.${r.door}`, { defaultValue: r.door }))}</td><td>${esc(what(details))}</td></tr>`;
    })
    .join('\n');
  const title = lesson ? t('summary.titleLesson', { n: lesson.number, title: lesson.title }) : t('summary.title');
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#1b1f24}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f7}.muted{color:#667}.done{color:#17633a}.open{color:#667}code{font-size:11px;color:#667}</style></head>
<body><h1>${esc(title)}</h1>
<p class="muted">${esc(t('summary.generated', { date: date(new Date().toISOString()), count: rows.length }))}</p>
${progress}
<h2>${esc(t('summary.actions'))}</h2>
${
  rows.length
    ? `<table><thead><tr><th>${esc(t('summary.col.when'))}</th><th>${esc(t('summary.col.action'))}</th><th>${esc(t('summary.col.project'))}</th><th>${esc(t('summary.col.who'))}</th><th>${esc(t('summary.col.door'))}</th><th>${esc(t('summary.col.what'))}</th></tr></thead><tbody>
${body}
</tbody></table>`
    : `<p>${esc(t('summary.noActions'))}</p>`
}
</body></html>
`;
  const fileName = lesson ? `ciclo-lesson-${lesson.number}-summary.html` : 'ciclo-workspace-summary.html';
  return { projectId, fileName, mimeType: 'text/html', html, events: rows.length };
}
