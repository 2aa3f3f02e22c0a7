import { runBenchCommand } from '@triad/bench';
import { runImagesCommand } from '@triad/images';
import { runLoadCommand } from '@triad/loadgen';
import type { Command } from '../command';

// These commands live in their own packages, which parse their own
// arguments and print their own help.

/** `triad load ...`: the open- and closed-model load generator. */
export const loadCommand: Command = {
  name: 'load',
  summary: 'Sends load with W3C trace context at a constant rate or over fixed connections.',
  delegate: (argv) => runLoadCommand([...argv]),
};

/** `triad bench ...`: the main job. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'Builds, deploys, loads, verifies traces and writes the comparison report.',
  delegate: (argv) => runBenchCommand([...argv]),
};

/** `triad images ...`: OCI images of the services, the Collector and Jaeger. */
export const imagesCommand: Command = {
  name: 'images',
  summary: 'Builds the OCI images, with or without a registry.',
  delegate: (argv) => runImagesCommand([...argv]),
};
