import { PROMPT_ENGINE_VERSION } from "@/workers/runner/engine/prompts";

/** Posted as runner.version: the explorer shows it per validator, and the prompt engine changes results. */
export const RUNNER_VERSION = `cacheon-runner/0.1.0 (${PROMPT_ENGINE_VERSION})`;
