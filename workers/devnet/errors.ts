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

// sc-rpc-api's state errors count from 4000; a client failure is BASE_ERROR + 3, and its message is the client
// error's: sc-client-db refuses a block whose state the state database pruned with sp_blockchain's
// UnknownBlock("State already discarded for {hash}").
export const STATE_CLIENT_ERROR = 4003;

export function stateDiscarded(hash: string): RpcError {
  return new RpcError(STATE_CLIENT_ERROR, `Client error: UnknownBlock: State already discarded for ${hash}`);
}
