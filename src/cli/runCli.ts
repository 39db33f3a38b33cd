import { Command, CommanderError } from 'commander';
import { EXIT, exitCodeOf, oneLine, UsageError } from '../errors.js';
import { log, redact, registerSecretsFromEnv, setVerbose } from '../util/log.js';
import type { Bind, CommandOutcome } from './action.js';
import { registerCommands } from './commands/index.js';
import { createContext, type CliIo, type GlobalOptions } from './context.js';

export type { CliIo } from './context.js';

/**
 * Runs one CLI invocation and answers its exit code; nothing here touches the process, so the service can
 * run a forwarded command in-process with the client's streams (see the API at the top of context.ts).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  registerSecretsFromEnv(io.env);
  let outcome = 'ok' as CommandOutcome;
  const program = new Command('partnerlens')
    .description('Partner Center analytics for CSP partners: ETL into DuckDB, semantic models, HTML and Excel report packs')
    .version('0.1.0')
    .option('--db <path>', 'warehouse file (default from the configuration)')
    .option('--json', 'machine-readable output on stdout')
    .option('--verbose', 'on a terminal, also show the run and aggregate events the JSON log records')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out.write(text), writeErr: (text) => io.err.write(text) });

  const bind: Bind = (command, load) => {
    command.action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const args = received.slice(0, self.registeredArguments.length);
      const globals = program.opts<GlobalOptions>();
      setVerbose(Boolean(globals.verbose));
      const context = createContext(io, globals);
      const action = await load();
      outcome = (await action(context, args, self.opts(), { name: self.name() })) ?? 'ok';
    });
  };
  registerCommands(program, bind);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome === 'failed' ? EXIT.failure : EXIT.ok;
  } catch (error) {
    // --help and --version end here with code 0; commander already printed its usage message.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const code = exitCodeOf(error);
    io.err.write(`partnerlens: ${redact(oneLine(error))}\n`);
    if (code === EXIT.failure && !(error instanceof UsageError)) log.debug('cli.error', { stack: redact(String((error as Error)?.stack ?? error)) });
    return code;
  }
}
