// The images triad builds. The table itself is images.json, which the Nx
// plugin (nx-plugin.js) also reads while Nx computes the project graph.
import table from './images.json';

/** Names of the images, as `triad images build` and `dist/images/<name>.json` use them. */
export const imageNames = ['go-api', 'dotnet-api', 'ts-api', 'otelcol', 'jaeger'] as const;

/** One of `imageNames`. */
export type ImageName = (typeof imageNames)[number];

/** Kind of artifact an image is made from, which decides its build context. */
export type ContextKind = 'static-binary' | 'dotnet' | 'node';

/** Contents of an image and the sources of its parts. */
export interface ImageDefinition {
  readonly name: ImageName;
  /** Repository part of the tags, e.g. `triad/go-api`. */
  readonly repository: string;
  /** Value of the `org.opencontainers.image.title` label. */
  readonly title: string;
  /** Containerfile, relative to the repository root. */
  readonly containerfile: string;
  /**
   * Base used when a registry responds. For static binaries the final stage is
   * `scratch` and this image only provides the CA bundle.
   */
  readonly registryBase: string;
  readonly contextKind: ContextKind;
  /** Port the process listens on inside the container. */
  readonly port: number;
  /**
   * Nx project whose `target` (`build` when absent) produces the artifact; absent for
   * third-party binaries.
   */
  readonly project?: { readonly name: string; readonly root: string; readonly target?: string };
  /** Build output relative to the repository root: a file for static binaries, a directory otherwise. */
  readonly artifact?: string;
  /** Executable looked up on PATH, or at the path in the variable `env`, for third-party binaries. */
  readonly binary?: { readonly name: string; readonly env: string };
  /** Configuration file copied next to a third-party binary, relative to the repository root. */
  readonly config?: string;
}

/** Every image, by name. */
export const imageDefinitions = table.images as Readonly<Record<ImageName, ImageDefinition>>;

/** The images of the three services, in the order they are built by default. */
export const serviceImageNames: readonly ImageName[] = ['go-api', 'dotnet-api', 'ts-api'];

/** Package list and finishing script of the offline Debian base, relative to the repository root. */
export const debianBaseFiles: { readonly packages: string; readonly finishScript: string } = table.debianBase;

/** Reports whether `name` is one of the image names. */
export function isImageName(name: string): name is ImageName {
  return (imageNames as readonly string[]).includes(name);
}
