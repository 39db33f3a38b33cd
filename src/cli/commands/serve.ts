import type { Command } from 'commander';
import { loadSecrets } from '../../config/config.js';
import { UsageError } from '../../errors.js';
import { startService } from '../../service/startService.js';
import { log } from '../../util/log.js';
import { commandContext, type GlobalOptions } from '../context.js';

/** Past this, a stop that hangs is cut short: systemd's default stop timeout is 90 s, ours promises 10. */
const STOP_DEADLINE_MS = 9_500;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('the service: owns the warehouse, runs the schedules, answers HTTP (and the CLI beside it)')
    .option('--port <port>', 'TCP port', '8420')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--db <path>', 'warehouse file')
    .action(async (options: GlobalOptions & { port: string; host: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${options.port}"`);
      const context = commandContext(options);
      const service = await startService({ config: context.config, secrets: loadSecrets(), host: options.host, port });
      process.stdout.write(`partnerlens serve: listening on ${service.url} (pid ${process.pid}, warehouse ${service.runtime.warehouse.path})\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      log.info('service.signal', { signal });
      const deadline = setTimeout(() => {
        log.error('service.stop_timeout', { afterMs: STOP_DEADLINE_MS });
        process.exit(1);
      }, STOP_DEADLINE_MS);
      deadline.unref();
      await service.stop();
      clearTimeout(deadline);
      process.stdout.write('partnerlens serve: stopped\n');
    });
}
