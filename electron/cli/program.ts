import { Command, Help } from 'commander';
import { CICLO_VERSION } from '../core/version.js';

type Register = (program: Command) => void;

/**
 * One command file, loaded only when one of its commands runs (or its help is asked for): `ciclo --help`
 * needs just these lines, not the core. `commands` lists the top-level commands the file registers, as
 * `[term, summary]`: the term as help shows it and the first sentence of the description (a test checks
 * both against the file).
 */
export interface CommandFile {
  commands: [term: string, summary: string][];
  load(): Promise<Register>;
}

/** Every command file; each domain adds one entry here. */
export const commandFiles: CommandFile[] = [
  {
    commands: [['project', 'Create and manage projects (the Design phase: a charter with acceptance criteria).']],
    load: async () => (await import('./commands/project.js')).registerProjectCommands,
  },
  {
    commands: [['dataset', 'Import, profile, check, version and split data sets (the Data phase).']],
    load: async () => (await import('./commands/dataset.js')).registerDatasetCommands,
  },
  {
    commands: [
      ['model', 'The model registry: versions, aliases, stages, gated promotion, history, rollback, model cards.'],
      ['lineage <model>', 'Where a model version comes from: charter -> data set version -> run (-> evaluations) -> model version.'],
    ],
    load: async () => {
      const [model, bundle] = await Promise.all([import('./commands/model.js'), import('./commands/bundle.js')]);
      return (program) => {
        model.registerModelCommands(program);
        bundle.registerModelExportCommand(program);
      };
    },
  },
  {
    commands: [
      ['train [options]', 'Train a model on a data set version (the Train phase); waits for the run and prints it.'],
      ['runs', 'Training runs: list, show, compare, series, cancel, resume, update.'],
    ],
    load: async () => (await import('./commands/train.js')).registerTrainCommands,
  },
  {
    commands: [
      ['evaluate [options] <run>', 'Evaluate a finished run on held-out data (the Evaluate phase): metrics, confusion matrix, curves and the quality gates of the charter.'],
      [
        'predict [options] <run>',
        "Score a CSV file with a run's model, streaming: every input row plus the predicted label and one probability column per class (or the predicted value).",
      ],
      ['evaluations', 'Stored evaluations: list, show, compare, slice, export.'],
    ],
    load: async () => (await import('./commands/evaluate.js')).registerEvaluateCommands,
  },
  {
    commands: [
      ['info', 'Show where the workspace lives and which Ciclo wrote it.'],
      ['jobs', 'Long-running work: imports, training, evaluations.'],
      ['audit [options]', 'The audit trail: every state change in the workspace, newest first.'],
    ],
    load: async () => (await import('./commands/system.js')).registerSystemCommands,
  },
  {
    commands: [
      ['bundle', 'Signed model bundles (.ciclo) to pass models between workspaces.'],
      ['keys', "This workspace's signing key and the keys it trusts."],
    ],
    load: async () => (await import('./commands/bundle.js')).registerBundleCommands,
  },
  {
    commands: [
      [
        'serve [options] <refs...>',
        'Serve registered models over REST (TensorFlow Serving, MLflow scoring, Open Inference v2): M@alias follows the alias, swapping versions without downtime.',
      ],
      ['deployments', 'What is or was served by ciclo serve (or the Deploy phase).'],
    ],
    load: async () => (await import('./commands/serve.js')).registerServeCommands,
  },
  {
    commands: [
      ['monitor', 'Monitor models in production: drift, performance, feedback, alerts, reports.'],
      [
        'retrain [options] <model>',
        "Retrain with the champion's recipe on the reference plus labelled production rows (or --dataset), evaluate, and register under an alias (challenger).",
      ],
      ['simulate', 'Teaching simulators.'],
    ],
    load: async () => (await import('./commands/monitor.js')).registerMonitorCommands,
  },
  {
    commands: [['lesson', 'Guided lessons (teaching mode): the whole lifecycle on a sample project, each step checked from the workspace state.']],
    load: async () => (await import('./commands/lesson.js')).registerLessonCommands,
  },
  {
    commands: [['gc [options]', 'Remove what killed or crashed work left behind: temporary files, blobs nothing refers to, uploads never imported.']],
    load: async () => (await import('./commands/gc.js')).registerGcCommand,
  },
  {
    commands: [['ui [options]', 'Serve the Ciclo app in your browser (browser mode), on this computer only by default.']],
    load: async () => (await import('./commands/ui.js')).registerUiCommand,
  },
];

const nameOf = (term: string) => term.split(' ')[0];

/** The command word of an argument list: the first argument that is not a global option (or `help X`). */
export function commandWord(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data-dir') i++;
    else if (a === '--') return argv[i + 1];
    else if (!a.startsWith('-')) return a === 'help' && argv[i + 1] && !argv[i + 1].startsWith('-') ? argv[i + 1] : a;
  }
  return undefined;
}

function baseProgram(): Command {
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
  return program;
}

/**
 * The command tree for `argv`: the file that holds its command is loaded and registers the real
 * commands; every other command is a stub with its term and summary, enough for `ciclo --help` and for
 * commander's "did you mean" suggestions. Without `argv` every file is loaded (tests, documentation).
 */
export async function buildProgram(argv?: string[]): Promise<Command> {
  const program = baseProgram();
  const word = argv ? commandWord(argv) : undefined;
  const terms = new Map<Command, string>();
  for (const file of commandFiles) {
    if (!argv || file.commands.some(([term]) => nameOf(term) === word)) {
      (await file.load())(program);
      continue;
    }
    for (const [term, summary] of file.commands) terms.set(program.command(nameOf(term)).summary(summary), term);
  }
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
  return program;
}
