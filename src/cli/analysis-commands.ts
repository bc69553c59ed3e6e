import { Command } from 'commander';
import { analyzeCommand } from './analyze-command.ts';
import { compareBaselineCommand, compareCommand, compareVariantsCommand } from './compare-command.ts';
import { listCommand } from './list-command.ts';
import { reportCommand } from './report-command.ts';
import { showCommand } from './show-command.ts';

/** The read-only commands over the results database: list, show, analyze, compare*, report. */
export function analysisCommands(setExit: (code: number) => void, defaultDb: string): Command[] {
  const withDb = (c: Command) => c.option('--db <path>', 'results database', defaultDb).option('--json', 'print the result as JSON');
  return [
    withDb(new Command('list').description('list campaigns with their trials and outcomes'))
      .option('--limit <n>', 'how many campaigns', '20')
      .option('--offset <n>', 'skip the newest n campaigns', '0')
      .action(async (opts) => setExit(await listCommand(opts))),
    withDb(new Command('show').description('show a campaign and its trials, or one trial with --trial'))
      .argument('[campaign]', 'campaign id, id prefix, name or "latest"')
      .option('--trial <id>', 'show one trial: phases, chaos, tickets, commands, state before and after')
      .option('--llm-classify', 'also classify the trial\'s commands with a language model (needs GAUNTLET_LLM_API_KEY; answers cached)')
      .action(async (ref: string | undefined, opts) => setExit(await showCommand(ref, opts))),
    withDb(new Command('analyze').description('win rate, censored times and commands per subject x chaos type'))
      .argument('<campaign>', 'campaign id, id prefix, name or "latest"')
      .action(async (ref: string, opts) => setExit(await analyzeCommand(ref, opts))),
    withDb(new Command('compare').description('compare two campaigns per subject x chaos type, with a verdict'))
      .argument('<a>', 'first campaign')
      .argument('<b>', 'second campaign')
      .action(async (a: string, b: string, opts) => setExit(await compareCommand(a, b, opts))),
    withDb(new Command('compare-baseline').description("compare a campaign's operator with self-healing (baseline trials)"))
      .argument('<campaign>', 'campaign id, id prefix, name or "latest"')
      .option('--baseline <campaign>', 'the campaign whose baseline trials to use (found automatically otherwise)')
      .action(async (ref: string, opts) => setExit(await compareBaselineCommand(ref, opts))),
    withDb(new Command('compare-variants').description('rank every variant that ran a subject and chaos type'))
      .argument('<subject>', 'subject, e.g. etcd')
      .argument('<chaos>', 'chaos type, e.g. node_kill')
      .action(async (subject: string, chaos: string, opts) => setExit(await compareVariantsCommand(subject, chaos, opts))),
    withDb(new Command('report').description('a Markdown or JSON report of a campaign, to paste into a pull request'))
      .argument('<campaign>', 'campaign id, id prefix, name or "latest"')
      .option('--format <format>', 'md or json', 'md')
      .option('-o, --output <file>', 'write the report to a file instead of standard output')
      .action(async (ref: string, opts) => setExit(await reportCommand(ref, opts))),
  ];
}
