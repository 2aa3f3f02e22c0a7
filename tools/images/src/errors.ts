/**
 * A failure of an image build that the user can act on: a missing build
 * output, no engine, no registry and no mmdebstrap. `details` contains extra
 * lines (the end of the build log) that the CLI prints below the message.
 */
export class ImagesError extends Error {
  override readonly name = 'ImagesError';

  constructor(
    message: string,
    readonly details: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
