import { Command, CommanderError } from 'commander';
import { exitCodeOf, oneLine, EXIT, UsageError } from '../errors.js';
import { log, redact, registerSecretsFromEnv } from '../util/log.js';
import { registerCommands } from './commands/index.js';
import { forwardToService } from '../service/forwardCli.js';

registerSecretsFromEnv();

const program = new Command('partnerlens')
  .description('Partner Center analytics for CSP partners: ETL into DuckDB, semantic models, HTML and Excel report packs')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();
registerCommands(program);

// A service owning the warehouse runs the command for us (same output, same exit code, never "busy").
const forwarded = await forwardToService(process.argv.slice(2));
if (forwarded !== undefined) process.exitCode = forwarded;
else try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const code = exitCodeOf(error);
    process.stderr.write(`partnerlens: ${redact(oneLine(error))}\n`);
    if (code === EXIT.failure && !(error instanceof UsageError)) log.debug('cli.error', { stack: redact(String((error as Error)?.stack ?? error)) });
    process.exitCode = code;
  }
}
