export * from "./chain";
export * from "./metagraph";
export * from "./commitments";
export * from "./submissions";
export * from "./runs";
export * from "./validators";
export * from "./standings";
export * from "./official";
