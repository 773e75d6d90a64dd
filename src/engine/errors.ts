/** Every problem the engine reports is an EngineError with a machine-readable code, so the worker can
 *  forward it as a typed message and the page can say what went wrong without parsing prose. */
export type EngineErrorCode =
  | 'invalid-spec'
  | 'invalid-option'
  | 'invalid-input'
  | 'shape-mismatch'
  | 'non-finite'
  | 'invalid-snapshot'
  | 'disposed';

export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
  }
}

export function fail(code: EngineErrorCode, message: string): never {
  throw new EngineError(code, message);
}

export function check(condition: boolean, code: EngineErrorCode, message: string): asserts condition {
  if (!condition) fail(code, message);
}
