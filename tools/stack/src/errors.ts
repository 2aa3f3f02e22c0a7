/**
 * A failure of a stack command that the user can act on: a port in use, a
 * missing binary, a part that did not become ready. `details` contains extra
 * lines (a log tail) that the CLI prints below the message.
 */
export class StackError extends Error {
  override readonly name = 'StackError';

  constructor(
    message: string,
    readonly details: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
