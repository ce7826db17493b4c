import { Command } from 'commander';
import { CICLO_VERSION } from '../core/version.js';
import { registerDatasetCommands } from './commands/dataset.js';
import { registerEvaluateCommands } from './commands/evaluate.js';
import { registerModelCommands } from './commands/model.js';
import { registerMonitorCommands } from './commands/monitor.js';
import { registerProjectCommands } from './commands/project.js';
import { registerSystemCommands } from './commands/system.js';
import { registerTrainCommands } from './commands/train.js';
import { registerUiCommand } from './commands/ui.js';

/** The whole command tree; each domain registers its commands in one line here. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ciclo')
    .description('Ciclo: design, train, evaluate, register, deploy and monitor machine-learning models on your own computer.')
    .version(CICLO_VERSION, '-v, --version')
    .option('--data-dir <dir>', 'workspace folder (default: $CICLO_HOME, else the platform data folder for Ciclo)')
    .option('--json', 'print one JSON document on stdout instead of text')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 a problem with the input (the message says what to fix), 2 an internal error, 3 a quality gate failed.
Examples:
  ciclo project create churn --task binary --criterion "f1>=0.8" --criterion "latency_p95_ms<=20"
  ciclo project list --json
  ciclo ui --port 5173`,
    );
  registerProjectCommands(program);
  registerDatasetCommands(program);
  registerModelCommands(program);
  registerTrainCommands(program);
  registerEvaluateCommands(program);
  registerMonitorCommands(program);
  registerSystemCommands(program);
  registerUiCommand(program);
  return program;
}
