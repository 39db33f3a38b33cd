import { z } from 'zod';
import { startService } from '../../service/startService.js';
import { log } from '../../util/log.js';
import type { CommandAction } from '../action.js';
import { parseOptions, wholeNumber } from '../options.js';

/** Past this, a stop that hangs is cut short: we promise an exit within 10 s of SIGTERM. */
const STOP_DEADLINE_MS = 9_500;

const schema = z.object({ port: wholeNumber(0, 65_535), host: z.string().min(1) });

export const serve: CommandAction = async (context, _args, raw) => {
  const options = parseOptions(schema, raw);
  // The service runs commands forwarded by the CLI beside it with the CLI itself, in-process.
  const { runCli } = await import('../runCli.js');
  const service = await startService({ config: context.config, secrets: context.secrets, host: options.host, port: options.port, cli: runCli,
    // Packs and notices land where the CLI's `deliver` puts them: relative to where serve was started.
    outboxDir: context.resolvePath(context.config.delivery.outbox),
  });
  context.out.write(`partnerlens serve: listening on ${service.url} (pid ${process.pid}, warehouse ${service.runtime.warehouse.path})\n`);
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
  context.out.write('partnerlens serve: stopped\n');
};
