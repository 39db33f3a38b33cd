import type { Command } from 'commander';
import type { CommandContext } from './context.js';

/** What a command reports back: `failed` (e.g. a run ended failed) becomes exit 1 in runCli, the one place. */
export type CommandOutcome = 'ok' | 'failed';

/**
 * A command's implementation: its positional arguments (a variadic one arrives as an array) and its own
 * options as commander parsed them (strings); it parses them with its zod schema.
 */
export type CommandAction = (context: CommandContext, args: unknown[], options: Record<string, unknown>, command: { name: string }) => Promise<CommandOutcome | void>;

/** Attaches a lazily imported implementation to a declared command. */
export type Bind = (command: Command, load: () => Promise<CommandAction>) => void;
