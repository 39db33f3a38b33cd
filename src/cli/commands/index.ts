import { Option, type Command } from 'commander';
import { reportNames } from '../../../reports/index.js';
import { jobNames } from '../../jobs/defineJob.js';
import { packFormats } from '../../render/packFormats.js';
import { formatFamilies } from '../../sources/files/defineFormat.js';
import { sourceNames } from '../../sources/source.js';
import type { Bind } from '../action.js';

// Every command's name, arguments and options: light to import, so `--version`, `--help` and a mistyped
// command answer at once. Each action's implementation is imported only when that command runs.

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerCommands(program: Command, bind: Bind): void {
  bind(
    program
      .command('run')
      .description(`run one job or all of them (${jobNames.join(', ')})`)
      .argument('<job>', 'a job name or "all"')
      .addOption(new Option('--source <source>', 'where the data comes from').choices(sourceNames).default('partner-center'))
      .option('--from <date>', 'first day of the logical period (YYYY-MM-DD)')
      .option('--to <date>', 'last day of the logical period (YYYY-MM-DD, default yesterday)'),
    async () => (await import('./run.js')).run,
  );

  bind(
    program
      .command('runs')
      .description('run history: job, period, status, counts, cause')
      .addOption(new Option('--job <job>', 'only this job').choices([...jobNames]))
      .option('--limit <n>', 'how many runs, newest first', '20'),
    async () => (await import('./runs.js')).runs,
  );

  bind(
    program
      .command('demo')
      .description('generate a synthetic CSP partner (deterministic from --seed) and load it through every job into the warehouse')
      .option('--out <dir>', 'where reports are written', './out')
      .option('--customers <n>', 'number of customers (default from configuration: 60)')
      .option('--months <m>', 'months of history, ending on --as-of (default 13)')
      .option('--seed <s>', 'the seed: the same seed gives the same partner (default 1)')
      .option('--as-of <date>', 'last day of data, YYYY-MM-DD (default yesterday)')
      .option('--each-customer', 'also write one customer-pack per customer')
      .option('--exports <dir>', 'also write the data as export files: reconciliation CSV, Graph CSVs, Partner Center JSON pages'),
    async () => (await import('./demo.js')).demo,
  );

  bind(
    program
      .command('ingest')
      .description('load export files: daily-rated usage reconciliation, Azure cost exports, FOCUS, Microsoft 365 usage reports, saved Partner Center pages')
      .argument('<paths...>', 'files or folders')
      .addOption(new Option('--format <format>', "the files' format (default: detected from each header)").choices(['auto', ...formatFamilies]).default('auto'))
      .option('--customer <id>', 'the customer (tenant id) rows belong to, for files that name none (cost exports, Microsoft 365 reports)'),
    async () => (await import('./ingest.js')).ingest,
  );

  bind(
    program
      .command('render')
      .description(`render report packs as HTML and XLSX (${reportNames.join(', ')})`)
      .argument('<report>', 'a report name or "all"')
      .option('--format <formats>', `comma-separated: ${packFormats.join(',')}`, packFormats.join(','))
      .option('--customer <id>', "one customer's tenant id: every report filtered to it")
      .option('--each-customer', 'also write the customer pack once per customer')
      .option('--from <date>', 'first day of the period (YYYY-MM-DD; default: 30 days before --to)')
      .option('--to <date>', 'last day of the period (YYYY-MM-DD; default: the newest data)')
      .option('--out <dir>', 'where the files are written', './out'),
    async () => (await import('./render.js')).render,
  );

  bind(
    program
      .command('query')
      .description('query a semantic model: measures broken down by dimensions (SPEC §4)')
      .argument('<model>', 'customers, subscriptions, licenses, usage, users, azure or activity')
      .requiredOption('--measures <list>', 'comma-separated measure names')
      .option('--by <list>', 'comma-separated dimensions, a date with its grain: date:month')
      .option('--where <dim=value>', 'keep rows whose dimension has this value; repeat for several values (of one dimension: any of them)', collect, [])
      .option('--from <date>', 'first day of the period (YYYY-MM-DD)')
      .option('--to <date>', 'last day of the period (YYYY-MM-DD); point-in-time measures are as of this day')
      .addOption(new Option('--format <format>', 'output format (--json: same as --format json)').choices(['table', 'json', 'csv']).default('table'))
      .option('--order-by <list>', 'comma-separated result columns, name:desc for descending')
      .option('--limit <n>', 'at most this many rows'),
    async () => (await import('./query.js')).queryCommand,
  );

  bind(
    program
      .command('embed-token')
      .description('print a signed token (at most 1 h) that opens one report in the embedded view: /embed/<report>?token=…')
      .argument('<report>', reportNames.join(', '))
      .requiredOption('--as <upn>', 'the mpn-partner-admin issuing it (audited)')
      .option('--customer <id>', "limit it to one customer's rows (tenant id)")
      .option('--ttl <duration>', 'lifetime: 30m, 1h, 900s (at most 1h)', '30m'),
    async () => (await import('./embedToken.js')).embedToken,
  );

  bind(
    program
      .command('rebuild')
      .description('reload raw inputs (recorded files and the inbox) into the warehouse: what is already there is skipped'),
    async () => (await import('./rebuild.js')).rebuild,
  );
}
