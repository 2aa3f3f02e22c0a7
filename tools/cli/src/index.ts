export { globalOptions, UsageError, type Command, type CommandContext, type OptionSpec } from './command';
export { commands } from './commands';
export { main, triadCommand, type Io } from './main';
export { colourEnabled, Output, type Message } from './output';
