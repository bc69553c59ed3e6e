import { Command, CommanderError } from 'commander';
import { createLogger } from '../log/logger.ts';
import { analysisCommands } from './analysis-commands.ts';
import { chaosCommand } from './chaos-command.ts';
import { cleanupCommand } from './cleanup-command.ts';
import { doctorCommand } from './doctor.ts';
import { dryRunCommand } from './dry-run.ts';
import { operatorCommand } from './operator-command.ts';
import { poolCommand } from './pool-command.ts';
import { portsCommand } from './ports-command.ts';
import { reportError } from './report-error.ts';
import { runCommand } from './run-command.ts';
import { trialCommand } from './trial-command.ts';
import { variantsCommand } from './variants-command.ts';
import { viewerCommand } from './viewer-command.ts';

const DEFAULT_DB = 'eval.db';

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('gauntlet')
    .description('Chaos campaigns that score autonomous operators on real distributed systems')
    .showHelpAfterError();
  const logger = createLogger('gauntlet');

  program
    .command('run')
    .description('run a campaign file')
    .argument('[campaign]', 'campaign YAML file (not with --resume)')
    .option('--db <path>', 'results database', DEFAULT_DB)
    .option('--resume <campaign>', 'finish an earlier run of a campaign (an id, id prefix, name or "latest"): pending and interrupted trials, never finished ones')
    .option('--no-progress', 'plain log lines instead of the live progress display')
    .option('--operator-running', 'you run the operator; the harness only reads its ticket store (see --operator-store)')
    .option('--operator-store <path>', "your operator's ticket store, {slot} standing for the slot number")
    .option('--variants-dir <path>', 'where variant files are (default: variants/)')
    .option('--keep', 'leave the clusters running at the end')
    .option('--replace', 'take down same-named projects that Gauntlet did not start')
    .option('--json', 'print the summary as JSON')
    .option('--dry-run', 'validate, print the trial list and the port plan, and start nothing')
    .action(async (file: string | undefined, opts) =>
      setExit(await (opts.dryRun ? dryRunCommand(file, opts) : runCommand(file, opts, logger))),
    );

  program
    .command('ports')
    .description("print the host ports each slot of a subject would publish, refusing a plan that cannot work")
    .argument('<subject>', 'subject name, e.g. tikv')
    .requiredOption('--slots <n>', 'how many slots')
    .option('--stride <n>', 'host port distance between two slots (the campaign field port_stride)', '10000')
    .option('--first-slot <n>', 'number of the first slot', '0')
    .option('--json', 'print the plan as JSON')
    .action(async (subject: string, opts) => setExit(await portsCommand(subject, opts)));

  program
    .command('chaos')
    .description('list the chaos types (of one subject) with their parameters and defaults')
    .option('--subject <name>', 'only the chaos types this subject supports')
    .option('--json', 'print the list as JSON')
    .action(async (opts) => setExit(await chaosCommand(opts)));

  program
    .command('cleanup')
    .description('undo every open chaos injection of a results database, then take down its orphaned projects')
    .option('--db <path>', 'results database', DEFAULT_DB)
    .option('--journal-only', 'undo the injections but leave every project running')
    .option('--all', 'take down every project with Gauntlet labels, not only those of crashed campaigns in this database (never those of its running ones)')
    .option('--json', 'print what was done as JSON')
    .action(async (opts) => setExit(await cleanupCommand(opts, logger)));

  program
    .command('doctor')
    .description('check the engine, Compose, images and kernel features a campaign needs')
    .option('--json', 'print the checks as JSON')
    .action(async (opts) => setExit(await doctorCommand(opts)));

  program
    .command('operator')
    .description('run the reference runbook operator (the harness starts it with the protocol environment)')
    .action(async () => setExit(await operatorCommand(createLogger('runbook'))));

  program
    .command('viewer')
    .description('serve a read-only web view of the results on 127.0.0.1')
    .option('--db <path>', 'results database', DEFAULT_DB)
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '8000')
    .option('--json', 'print the address as JSON')
    .action(async (opts) => setExit(await viewerCommand(opts, createLogger('viewer'))));

  program.addCommand(poolCommand(logger, setExit));
  program.addCommand(variantsCommand(setExit));
  program.addCommand(trialCommand(logger, setExit, DEFAULT_DB));
  for (const command of analysisCommands(setExit, DEFAULT_DB)) program.addCommand(command);

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  // commander's own message is printed already; a usage error exits 2 like any bad input
  const overrideExits = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(overrideExits);
  };
  overrideExits(program);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    return reportError(error);
  }
}

const USAGE_EXIT_CODE = 2;
