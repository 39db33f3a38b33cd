import type { Command } from 'commander';
import { registerDemoCommand } from './demo.js';
import { registerRunCommands } from './run.js';
import { registerIngestCommand } from './ingest.js';
import { registerRenderCommand } from './render.js';
import { registerQueryCommand } from './query.js';
import { registerRebuildCommand } from './rebuild.js';
import { registerServeCommand } from './serve.js';

/** Every CLI command, one module each. */
export function registerCommands(program: Command): void {
  registerRunCommands(program);
  registerDemoCommand(program);
  registerIngestCommand(program);
  registerRenderCommand(program);
  registerQueryCommand(program);
  registerRebuildCommand(program);
  registerServeCommand(program);
}
