import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

/** Entry of the `ciclo` command line. Usage errors exit 1, like any other input the user can fix. */
export async function main(argv: string[]): Promise<void> {
  guardPipes();
  const program = await buildProgram(argv);
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help';
      process.exitCode = ok ? 0 : 1;
      return;
    }
    throw err;
  }
}

let pipesGuarded = false;

/** `ciclo ... | head` closes the pipe early: that is the reader's choice, not an error. Once per process (tests run main many times in one). */
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
}
