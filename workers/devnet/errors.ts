// JSON-RPC errors the devnet answers with. Dev methods reject bad requests with a message that says what
// was wrong, the way a node rejects an extrinsic, instead of writing inconsistent state.
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INTERNAL_ERROR = -32603;
// Substrate nodes answer failed state and runtime calls with implementation-defined codes in this range.
export const CALL_FAILED = -32000;

export function rejected(message: string): RpcError {
  return new RpcError(CALL_FAILED, message);
}

export function invalidParams(message: string): RpcError {
  return new RpcError(INVALID_PARAMS, message);
}
