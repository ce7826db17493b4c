import fs from 'node:fs';
import type { Command } from 'commander';
import type { Lesson } from '../../../shared/contract/lessons.js';
import { lessonText, type LessonLang } from '../../core/lessons/texts.js';
import { runCommand, userError } from '../context.js';
import { table } from '../output.js';

function lang(value: string | undefined): LessonLang | undefined {
  if (value === undefined) return undefined;
  if (value !== 'es' && value !== 'en') throw userError(`--lang must be "es" or "en", not "${value}".`);
  return value;
}

function lessonNumber(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

function stepNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw userError(`--step must be a step number (1 or more), not "${value}".`);
  return Number(value);
}

/** Every step with its mark (✔ done, ▶ current, · to do); the current step with its task and concept in full. */
export function renderLesson(l: Lesson): string {
  const t = (key: string, params: Record<string, string | number> = {}) => lessonText(l.lang, key, params);
  const out = [t('cli.header', { n: l.number, title: l.title }), l.goal, ''];
  if (l.projectName) out.push(t('cli.project', { name: l.projectName }));
  out.push(t('cli.status', { done: l.doneCount, total: l.steps.length }), '');
  for (const st of l.steps) {
    const mark = st.done ? '✔' : st.index === l.current ? '▶' : '·';
    out.push(`${mark} ${st.index}. ${st.title}${st.done && st.how ? `  (${t(`ui.doneBy.${st.how}`)})` : ''}`);
    if (st.index === l.current) {
      const where = [t(`map.${st.area}.title`), st.target.page, ...st.target.rest].join(' › ');
      out.push(
        `   ${t('ui.task')}: ${st.task}`,
        `   ${t('cli.where', { where })}`,
        `   ${t('ui.what')}: ${st.what}`,
        `   ${t('ui.why')}: ${st.why}`,
        `   ${t('ui.without')}: ${st.without}`,
      );
    }
  }
  out.push('', l.complete ? t('cli.complete') : t('cli.startHint', { n: l.number }));
  return out.join('\n');
}

/** `ciclo lesson list|start|reset|summary`: teaching mode for a terminal-only classroom. */
export function registerLessonCommands(program: Command): void {
  const lesson = program.command('lesson').description('Guided lessons (teaching mode): the whole lifecycle on a sample project, each step checked from the workspace state.');
  lesson
    .command('list')
    .description("The lessons, their steps and this workspace's progress.")
    .option('--lang <lang>', "es or en (default: each lesson's own language, else en)")
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('lesson.list', { lang: lang(opts.lang) }),
        (list) =>
          table(
            list.map((l) => ({
              n: l.number,
              id: l.id,
              title: l.title,
              steps: l.steps.length,
              done: l.doneCount,
              project: l.projectName ?? '',
              state: l.complete ? '✔' : l.started ? `▶ ${l.current}` : '',
            })),
            ['n', 'id', 'title', 'steps', 'done', 'project', 'state'],
          ),
      );
    });
  lesson
    .command('start <lesson>')
    .description('Start a lesson (its sample project is made the first time) and check every step against the workspace: run it again after each step.')
    .option('--lang <lang>', 'es or en')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('lesson.start', { lesson: lessonNumber(ref), lang: lang(opts.lang) }), renderLesson);
    });
  lesson
    .command('reset <lesson>')
    .description("Reset a lesson to a step's starting state: its project is archived and a fresh one is set up through Ciclo's own services.")
    .option('--step <n>', 'the step to start from', '1')
    .option('--lang <lang>', 'es or en')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('lesson.reset', { lesson: lessonNumber(ref), step: stepNumber(opts.step), lang: lang(opts.lang) }),
        (l) => `${lessonText(l.lang, 'cli.reset', { step: l.current ?? l.steps.length, seconds: l.seconds })}\n\n${renderLesson(l)}`,
      );
    });
  lesson
    .command('summary [lesson]')
    .description("What this workspace did, from its audit log, as an HTML page (one lesson's project, or everything).")
    .option('--lang <lang>', 'es or en', 'en')
    .option('--output <file>', 'write the page here (default: print it)')
    .action(async (ref: string | undefined, opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const r = await ctx.call('lesson.summary', { lesson: ref === undefined ? undefined : lessonNumber(ref), lang: lang(opts.lang) });
          if (opts.output) fs.writeFileSync(opts.output, r.html);
          return { ...r, output: opts.output ?? null };
        },
        (r) => (r.output ? `${r.events} actions written to ${r.output}.` : r.html),
      );
    });
}
