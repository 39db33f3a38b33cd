import type { Command } from 'commander';
import { registerRunCommands } from './run.js';

/** Every CLI command, one module each. */
export function registerCommands(program: Command): void {
  registerRunCommands(program);
}
