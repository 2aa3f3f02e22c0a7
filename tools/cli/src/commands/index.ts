import type { Command } from '../command';
import { benchCommand, imagesCommand, loadCommand } from './delegated';
import { stackCommand } from './stack';
import { tracesCommand } from './traces';

/** The top-level commands of `triad`, in the order help lists them. */
export const commands: readonly Command[] = [stackCommand, tracesCommand, loadCommand, benchCommand, imagesCommand];
