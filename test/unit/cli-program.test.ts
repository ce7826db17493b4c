import { Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandFiles, commandWord } from '../../electron/cli/program.js';

describe('the CLI loads command files on demand', () => {
  it('lists every top-level command with the term and the first sentence of the description its file registers', async () => {
    const full = await buildProgram();
    const help = new Help();
    const listed = commandFiles.flatMap((f) => f.commands);
    expect(full.commands.map((c) => c.name())).toEqual(listed.map(([term]) => term.split(' ')[0]));
    for (const [term, summary] of listed) {
      const real = full.commands.find((c) => c.name() === term.split(' ')[0])!;
      expect(help.subcommandTerm(real)).toBe(term);
      expect(real.description().startsWith(summary.replace(/\.$/, ''))).toBe(true);
    }
  });

  it('registers each file with the commands it is listed under', async () => {
    for (const file of commandFiles) {
      const { Command } = await import('commander');
      const program = new Command();
      (await file.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual(file.commands.map(([term]) => term.split(' ')[0]));
    }
  });

  it('loads only the file of the command being run; the rest are stubs for the help', async () => {
    const program = await buildProgram(['--data-dir', '/tmp/x', 'project', 'list']);
    const project = program.commands.find((c) => c.name() === 'project')!;
    expect(project.commands.map((c) => c.name())).toContain('list');
    for (const other of program.commands.filter((c) => c.name() !== 'project')) expect(other.commands).toHaveLength(0);
    const bare = await buildProgram(['--help']);
    expect(bare.commands.every((c) => c.commands.length === 0 && c.options.length === 0)).toBe(true);
    expect(bare.helpInformation()).toContain('evaluate [options] <run>');
  });

  it('finds the command word after global options and in `help COMMAND`', () => {
    expect(commandWord(['--json', '--data-dir', 'dir', 'runs', 'list'])).toBe('runs');
    expect(commandWord(['help', 'model'])).toBe('model');
    expect(commandWord(['help'])).toBe('help');
    expect(commandWord(['--version'])).toBeUndefined();
  });
});
