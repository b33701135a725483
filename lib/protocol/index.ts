// The public API of the protocol core. Client components should import the file they need
// ("@/lib/protocol/params") rather than this barrel, which also pulls in node:crypto and sr25519 via epistula.
export * from "./params";
export * from "./params-description";
export * from "./docker-reference";
export * from "./commitment";
export * from "./failure-reasons";
export * from "./scoring";
export * from "./correctness";
export * from "./consensus";
export * from "./margin";
export * from "./king";
export * from "./rao";
export * from "./emissions";
export * from "./epistula";
export * from "./run-schema";
