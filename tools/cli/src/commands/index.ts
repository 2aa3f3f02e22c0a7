import type { Command } from '../command';
import { stackCommand } from './stack';
import { tracesCommand } from './traces';

/**
 * The top-level commands of `triad`, in the order help lists them. `load`
 * and `bench` join this list once their packages provide them.
 */
export const commands: readonly Command[] = [stackCommand, tracesCommand];
