import { Option, type Command } from 'commander';
import { reportNames } from '../../../reports/index.js';
import { jobNames } from '../../jobs/defineJob.js';
import { packFormats } from '../../render/packFormats.js';
import { defaultLocale, locales } from '../../locale/locales.js';
import { formatFamilies } from '../../sources/files/defineFormat.js';
import { sourceNames } from '../../sources/source.js';
import { roleNames } from '../../access/roles.js';
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
      .option('--to <date>', 'last day of the logical period (YYYY-MM-DD, default yesterday)')
      .option('--force', 'with --from before --to: run again the days already loaded'),
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
      .option('--out <dir>', 'where the files are written', './out')
      .option('--locale <locale>', `language and formats of the packs: ${locales.join(' or ')} (default: the configuration's locale, else ${defaultLocale})`),
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
      .addOption(new Option('--format <format>', 'output format (--json: same as --format json)').choices(['table', 'json', 'csv', 'arrow']).default('table'))
      .option('--order-by <list>', 'comma-separated result columns, name:desc for descending')
      .option('--limit <n>', 'at most this many rows')
      .option('--locale <locale>', `number and date formats of --format table: ${locales.join(' or ')} (default: the configuration's locale)`),
    async () => (await import('./query.js')).queryCommand,
  );

  bind(
    program
      .command('api-keys')
      .description('HTTP API keys: create (shown once), list, revoke; each names its user and role')
      .argument('<action>', 'create, list or revoke')
      .argument('[id]', 'the key to revoke')
      .option('--role <role>', 'operator or mpn-partner-admin (create)')
      .option('--as <upn>', 'who acts: the key is theirs (create, revoke)')
      .option('--name <name>', 'what the key is for (create)'),
    async () => (await import('./apiKeys.js')).apiKeys,
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

  const users = program.command('users').description('users and their roles (mpn-partner-admin, operator): only an admin manages them (SPEC §6)');
  const usersAction = async () => (await import('./users.js')).users;
  bind(users.command('list').description('every user, their roles and whether disabled'), usersAction);
  bind(
    users
      .command('add')
      .description('add a user, optionally with a role; --bootstrap creates the first admin while none exists')
      .argument('<upn>', 'the user principal name (e-mail form)')
      .addOption(new Option('--role <role>', 'a role to grant').choices([...roleNames]))
      .option('--name <display name>', 'the display name')
      .option('--as <upn>', 'who is acting (an mpn-partner-admin)')
      .option('--bootstrap', 'create the first mpn-partner-admin (only while none exists)'),
    usersAction,
  );
  for (const verb of ['grant', 'revoke'] as const) {
    bind(
      users
        .command(verb)
        .description(`${verb} a role (only an mpn-partner-admin ${verb}s; the last admin cannot be revoked)`)
        .argument('<upn>', 'the user principal name')
        .addOption(new Option('--role <role>', 'the role').choices([...roleNames]).makeOptionMandatory())
        .option('--as <upn>', 'who is acting (an mpn-partner-admin)'),
      usersAction,
    );
  }
  bind(
    users
      .command('import')
      .description("import the user list Partner Center's User management exports (display name, e-mail, roles)")
      .argument('<csv>', 'the exported CSV file')
      .option('--as <upn>', 'who is acting (an mpn-partner-admin)'),
    usersAction,
  );

  bind(
    program
      .command('audit')
      .description('the append-only audit log, newest first: grants, revokes, refusals, deliveries, alerts')
      .option('--limit <n>', 'how many entries', '50'),
    async () => (await import('./audit.js')).audit,
  );

  const deliveries = program.command('deliveries').description('scheduled packs to MPN partner admins by e-mail or into an outbox (admins only)');
  const deliveriesAction = async () => (await import('./deliveries.js')).deliveries;
  bind(deliveries.command('list').description('every delivery: report, schedule, recipients, channel'), deliveriesAction);
  bind(
    deliveries
      .command('add')
      .description('add a delivery (recipients are checked again at every send)')
      .argument('<id>', 'a short name: letters, digits, ".", "_", "-"')
      .requiredOption('--report <report>', `the report (${reportNames.join(', ')})`)
      .requiredOption('--to <upns>', 'comma-separated recipients (UPNs)')
      .requiredOption('--schedule <cron>', 'when it fires, a cron expression: "0 7 * * 1" is Mondays at 07:00')
      .requiredOption('--tz <zone>', 'the IANA time zone of the schedule, like Europe/London')
      .option('--format <formats>', `comma-separated: ${packFormats.join(',')}`, packFormats.join(','))
      .option('--customer <id>', 'filter the report to one customer (tenant id)')
      .addOption(new Option('--channel <channel>', 'how it is sent').choices(['email', 'outbox']).default('email'))
      .option('--max-age <duration>', 'data older than this (90m, 36h, 2d) is flagged in the pack and the mail')
      .option('--hold-when-stale', 'with --max-age: send nothing when the data is older, and tell operators')
      .option('--locale <locale>', `the pack's and the mail's language and formats (${locales.join(', ')}; default: the configuration's locale at each send)`)
      .option('--as <upn>', 'who is acting (an mpn-partner-admin)'),
    deliveriesAction,
  );
  bind(
    deliveries.command('remove').description('remove a delivery').argument('<id>', 'the delivery').option('--as <upn>', 'who is acting (an mpn-partner-admin)'),
    deliveriesAction,
  );
  bind(
    program
      .command('deliver')
      .description("send a delivery's latest period (its last firing at or before now) to each admin recipient who lacks it")
      .argument('<delivery>', 'a delivery id or "all"')
      .option('--dry-run', 'list who would get what, and who is refused and why; send nothing')
      .option('--outbox <dir>', 'the outbox folder (default from the configuration: ./outbox)')
      .option('--locale <locale>', `this time, in this locale (${locales.join(', ')}) instead of the delivery's own`),
    async () => (await import('./deliver.js')).deliver,
  );

  const alerts = program.command('alerts').description('alerts defined in the configuration: conditions on model queries, notified to admins');
  const alertsAction = async () => (await import('./alerts.js')).alerts;
  bind(alerts.command('list').description('the configured alerts and the subjects in breach now'), alertsAction);
  bind(alerts.command('check').description('check every alert now (it also runs after each load)').option('--dry-run', 'say what would fire or clear; notify nobody, change nothing'), alertsAction);
  bind(
    program
      .command('serve')
      .description('the service: owns the warehouse, runs the schedules, answers HTTP and the CLI beside it')
      .option('--port <port>', 'TCP port', '8420')
      .option('--host <host>', 'address to listen on', '127.0.0.1'),
    async () => (await import('./serve.js')).serve,
  );
}
