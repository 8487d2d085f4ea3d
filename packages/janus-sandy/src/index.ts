/**
 * @janus/sandy: a local, Sandy-compatible sandbox service isolated with
 * bubblewrap. Node-only (it spawns processes and serves HTTP).
 */
export type { AgentLlmConfig, SandyAgentOptions } from './agent/agent-config';
export { agentTools } from './agent/agent-tools';
export {
  type BuiltinAgentResult,
  runBuiltinAgent,
} from './agent/run-builtin-agent';
export type { IsolationRuntime } from './core/isolation-runtime';
export {
  DEFAULT_SANDBOX_LIMITS,
  resolveSandboxLimits,
  type SandboxLimits,
} from './core/sandbox-limits';
export { SandboxManager } from './core/sandbox-manager';
export type {
  ExecOptions,
  SandboxManagerOptions,
  SandboxManagerStats,
} from './core/sandbox-manager-options';
export type { SandboxStatus } from './core/sandbox-record';
export { toWorkspacePath } from './files/to-workspace-path';
export {
  createSandyServer,
  type SandyServer,
  type SandyServerOptions,
} from './http/create-sandy-server';
export { type ListeningServer, listenNode } from './http/listen-node';
export { BWRAP_INSTALL_HINT } from './isolation/bwrap-missing-error';
export type { WorkspaceQuotaMode } from './isolation/workspace-storage';
export {
  createJsonLogger,
  createSilentLogger,
  type SandyLogger,
  type SandyLogLevel,
} from './logger';
export { VERSION } from './version';
