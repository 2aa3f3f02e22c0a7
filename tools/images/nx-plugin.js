// Nx inference plugin: one target per Containerfile in deploy/images. A
// service's Containerfile gives its project an `image` target; the Collector
// and Jaeger images become `images:image-otelcol` and `images:image-jaeger`.
//
// Plain CommonJS, so that Nx loads it without a TypeScript transpiler; the
// image table is the same JSON file that src/definitions.ts reads.
'use strict';

const { basename } = require('node:path');
const { createNodesFromFiles } = require('@nx/devkit');

const table = require('./src/images.json');

const imagesProjectRoot = 'tools/images';
const command = 'node tools/images/bin/triad-images.js build';

/** @type {import('@nx/devkit').CreateNodes} */
exports.createNodes = [
  'deploy/images/*.Containerfile',
  async (containerfiles, options, context) =>
    createNodesFromFiles(
      (containerfile) => {
        const definition = table.images[basename(containerfile, '.Containerfile')];
        if (definition === undefined) return {};
        const root = definition.project ? definition.project.root : imagesProjectRoot;
        const targetName = definition.project ? 'image' : `image-${definition.name}`;
        return { projects: { [root]: { targets: { [targetName]: imageTarget(definition) } } } };
      },
      containerfiles,
      options,
      context,
    ),
];

/** @returns {import('@nx/devkit').TargetConfiguration} */
function imageTarget(definition) {
  return {
    executor: 'nx:run-commands',
    options: { command: `${command} ${definition.name}`, cwd: '{workspaceRoot}' },
    dependsOn: [...(definition.project ? [definition.project.target ?? 'build'] : []), { projects: ['images'], target: 'build' }],
    // The artifact (the project's build output) and the tool itself (the
    // images project's build output) are outputs of the tasks it depends on.
    inputs: [
      { dependentTasksOutputFiles: '**/*', transitive: false },
      `{workspaceRoot}/${definition.containerfile}`,
      `{workspaceRoot}/${table.debianBase.packages}`,
      `{workspaceRoot}/${table.debianBase.finishScript}`,
      ...(definition.config ? [`{workspaceRoot}/${definition.config}`] : []),
      ...(definition.contextKind === 'node'
        ? ['{workspaceRoot}/package-lock.json', { runtime: 'node --version' }, { env: 'TRIAD_NODE_BINARY' }]
        : []),
      { env: 'TRIAD_IMAGES_OFFLINE' },
      { env: 'DOCKER_HOST' },
    ],
    outputs: [`{workspaceRoot}/dist/images/${definition.name}.json`],
    // The image lives in the engine, which Nx cannot restore from its cache:
    // a cache hit after `podman rmi` or on a new engine would leave no image.
    // The tool itself skips the build when the engine has an image of the
    // same inputs (the dev.triad.inputs label).
    cache: false,
    // Image builds share the engine, and the first one may have to make the
    // Debian base, which the others would otherwise make again at the same time.
    parallelism: false,
    metadata: { description: `Builds the ${definition.repository} image (dist/images/${definition.name}.json).` },
  };
}
