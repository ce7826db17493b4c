import type { Command } from 'commander';
import { invalid, type Issue } from '../../../shared/contract/errors.js';
import { formatCriterion, parseCriterion, type Criterion } from '../../../shared/schemas/charter.js';
import type { Project } from '../../../shared/schemas/project.js';
import { taskTypes } from '../../../shared/metrics.js';
import { collect, runCommand } from '../context.js';
import { details, table } from '../output.js';

function parseCriteria(texts: string[]): Criterion[] {
  const issues: Issue[] = [];
  const out: Criterion[] = [];
  texts.forEach((t, i) => {
    const c = parseCriterion(t);
    if (c) out.push(c);
    else
      issues.push({
        path: ['criteria', i],
        key: 'criterion.unparsable',
        params: { criterion: t },
        message: `Criterion "${t}" is not of the form METRIC OP NUMBER, for example "accuracy>=0.9", "rmse<=3.5" or "recall[bad]>=0.7" (OP is one of >=, >, <=, <).`,
      });
  });
  if (issues.length) throw invalid(issues);
  return out;
}

export function renderProject(p: Project): string {
  return details([
    ['id', p.id],
    ['name', p.name],
    ['task', p.taskType],
    ['stage', p.stage],
    ['description', p.description],
    ['intended use', p.intendedUse],
    ['owner', p.owner],
    ['criteria', p.criteria.length ? p.criteria.map(formatCriterion).join(', ') : 'none (gates report no_criteria)'],
    ...(p.taskType === 'binary' ? [['positive class', p.positiveClass ?? 'not chosen (set it with --positive-class; suggested: the minority class)'] as [string, string]] : []),
    ['archived', p.archived ? 'yes' : 'no'],
    ['created', p.createdAt],
    ['updated', p.updatedAt],
  ]);
}

function renderList(list: Project[]): string {
  return table(
    list.map((p) => ({ id: p.id, name: p.name, task: p.taskType, stage: p.stage, criteria: p.criteria.map(formatCriterion).join(', '), archived: p.archived ? 'yes' : '' })),
    ['id', 'name', 'task', 'stage', 'criteria', 'archived'],
  );
}

export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('Create and manage projects (the Design phase: a charter with acceptance criteria).');

  project
    .command('create <name>')
    .description('Create a project with its charter.')
    .requiredOption('--task <type>', `task type: ${taskTypes.join(', ')}`)
    .option('--criterion <text>', 'acceptance criterion such as "accuracy>=0.9", or for one class "recall[bad]>=0.7" (repeatable)', collect, [])
    .option('--positive-class <label>', 'binary tasks: the class the model is meant to find (precision, recall, f1 and curves are about it)')
    .option('--description <text>', 'what problem the model solves')
    .option('--intended-use <text>', 'who uses the predictions and for what')
    .option('--owner <name>', 'who is responsible for the model')
    .action(async (name: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) =>
          ctx.call('project.create', {
            name,
            taskType: opts.task,
            criteria: parseCriteria(opts.criterion),
            positiveClass: opts.positiveClass ?? null,
            description: opts.description,
            intendedUse: opts.intendedUse,
            owner: opts.owner,
          }),
        (p) => `Created project ${p.name} (${p.id}).\n${renderProject(p)}`,
      );
    });

  project
    .command('list')
    .description('List projects.')
    .option('--all', 'include archived projects')
    .action(async (opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('project.list', { includeArchived: Boolean(opts.all) }), renderList);
    });

  project
    .command('show <project>')
    .description('Show a project (by name or id) with its charter and lifecycle stage.')
    .action(async (ref: string, _opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('project.get', { project: ref }), renderProject);
    });

  project
    .command('update <project>')
    .description('Change a project charter; --criterion replaces all criteria, --clear-criteria removes them.')
    .option('--name <name>', 'new name')
    .option('--task <type>', `task type: ${taskTypes.join(', ')}`)
    .option('--criterion <text>', 'acceptance criterion (repeatable; replaces the current list)', collect, [])
    .option('--clear-criteria', 'remove every acceptance criterion')
    .option('--positive-class <label>', 'binary tasks: the class the model is meant to find (must be a class of the data)')
    .option('--clear-positive-class', 'forget the positive class')
    .option('--description <text>', 'new description')
    .option('--intended-use <text>', 'new intended use')
    .option('--owner <name>', 'new owner')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) =>
          ctx.call('project.update', {
            project: ref,
            name: opts.name,
            taskType: opts.task,
            criteria: opts.clearCriteria ? [] : opts.criterion.length ? parseCriteria(opts.criterion) : undefined,
            positiveClass: opts.clearPositiveClass ? null : opts.positiveClass,
            description: opts.description,
            intendedUse: opts.intendedUse,
            owner: opts.owner,
          }),
        (p) => `Updated project ${p.name}.\n${renderProject(p)}`,
      );
    });

  project
    .command('archive <project>')
    .description('Archive a project (it stays in the workspace; --restore brings it back).')
    .option('--restore', 'un-archive instead')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('project.archive', { project: ref, archived: !opts.restore }),
        (p) => (p.archived ? `Archived project ${p.name}.` : `Restored project ${p.name}.`),
      );
    });
}
