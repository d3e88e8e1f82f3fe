/**
 * Logging. In the extension the logger is the `blamelint` LogOutputChannel (which has exactly
 * these methods); tests pass a recorder.
 */

/** Where modules write diagnostic messages. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
