// The Janus demo stack: which processes `npm run demo` starts, on which ports,
// with which environment, how it waits for them and how it stops them. Shared
// by scripts/demo.mjs and the chat UI's browser e2e suite (which starts the
// same processes on free ports). Plain ESM JavaScript so `node` runs it
// without a build step.

import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startComponent, waitForHealthy } from './demo-process.mjs';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Default ports and the environment variables that override them.
 * @type {Record<string, { port: number, env: string, label: string }>}
 */
export const demoPorts = {
  llm: { port: 8100, env: 'JANUS_DEMO_LLM_PORT', label: 'scripted model' },
  sandy: { port: 8787, env: 'JANUS_DEMO_SANDY_PORT', label: '@janus/sandy' },
  agentCli: {
    port: 8001,
    env: 'JANUS_DEMO_AGENT_CLI_PORT',
    label: 'baseline-agent-cli',
  },
  langchain: {
    port: 8002,
    env: 'JANUS_DEMO_LANGCHAIN_PORT',
    label: 'baseline-langchain',
  },
  gateway: { port: 8000, env: 'JANUS_DEMO_GATEWAY_PORT', label: 'gateway' },
  ui: { port: 3000, env: 'JANUS_DEMO_UI_PORT', label: 'chat UI' },
};

/**
 * The ports to use: defaults, overridden by `JANUS_DEMO_*_PORT`.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Record<keyof typeof demoPorts, number>}
 */
export function resolveDemoPorts(env) {
  /** @type {Record<string, number>} */
  const ports = {};
  for (const [key, spec] of Object.entries(demoPorts)) {
    const raw = env[spec.env];
    const port = raw === undefined || raw === '' ? spec.port : Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(
        `${spec.env} must be a port number (1-65535), got "${raw}"`,
      );
    ports[key] = port;
  }
  return /** @type {Record<keyof typeof demoPorts, number>} */ (ports);
}

/** Base URLs whose provider implies a default model (as in llmConfigFromEnv). */
const knownLlmBaseUrls = [
  'https://llm.chutes.ai/v1',
  'https://api.openai.com/v1',
];

/**
 * Which LLM the competitors use. This replicates the rule of
 * `llmConfigFromEnv` in packages/janus-competitor-kit/src/llm/llm-config-from-env.ts
 * (the source of truth; both baselines call it through `startLlmFromEnv`)
 * because the demo decides before it builds the kit. First match wins:
 * - `JANUS_LLM_BASE_URL`: that upstream; `JANUS_LLM_MODEL` is required
 *   (except at the Chutes or OpenAI base URL), `janus-scripted` means the
 *   scripted model, anything else `real`; without a model this throws the
 *   competitors' own error, so the demo stops before starting anything;
 * - `CHUTES_API_KEY`, then `OPENAI_API_KEY`: `real`;
 * - none: `scripted`, without a `baseUrl`: the demo starts the scripted model.
 * examples/chat-ui/test/demo-scripts.test.ts checks it against llmConfigFromEnv.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ mode: 'real' | 'scripted', baseUrl?: string, description: string }}
 */
export function detectLlm(env) {
  const model = env.JANUS_LLM_MODEL || undefined;
  const withModel = model ? `, model ${model}` : '';
  if (env.JANUS_LLM_BASE_URL) {
    const baseUrl = env.JANUS_LLM_BASE_URL.replace(/\/+$/, '');
    if (model === undefined && !knownLlmBaseUrls.includes(baseUrl))
      throw new Error(
        `JANUS_LLM_BASE_URL is set (${baseUrl}) but JANUS_LLM_MODEL is not: set the model id that upstream serves (janus-scripted for the Janus scripted model)`,
      );
    if (model === 'janus-scripted')
      return {
        mode: 'scripted',
        baseUrl,
        description: `the scripted model at JANUS_LLM_BASE_URL (JANUS_LLM_MODEL is janus-scripted; set another model for a real LLM)`,
      };
    return {
      mode: 'real',
      baseUrl,
      description: `a real LLM (JANUS_LLM_BASE_URL is set: ${env.JANUS_LLM_BASE_URL}${withModel})`,
    };
  }
  if (env.CHUTES_API_KEY)
    return {
      mode: 'real',
      baseUrl: 'https://llm.chutes.ai/v1',
      description: `a real LLM (CHUTES_API_KEY is set${withModel})`,
    };
  if (env.OPENAI_API_KEY)
    return {
      mode: 'real',
      baseUrl: 'https://api.openai.com/v1',
      description: `a real LLM (OPENAI_API_KEY is set${withModel})`,
    };
  return {
    mode: 'scripted',
    description:
      'the scripted model (deterministic offline stand-in; set JANUS_LLM_BASE_URL + JANUS_LLM_MODEL (+ JANUS_LLM_API_KEY), CHUTES_API_KEY or OPENAI_API_KEY for a real LLM)',
  };
}

/**
 * Sandy's own agent LLM (`JANUS_SANDY_LLM_*`) for a real LLM, from the same
 * variables the competitors read, unless they are set already.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Record<string, string>}
 */
export function sandyLlmEnv(env) {
  if (env.JANUS_SANDY_LLM_BASE_URL) return {};
  const pick = (
    /** @type {string} */ baseUrl,
    /** @type {string | undefined} */ apiKey,
  ) => ({
    JANUS_SANDY_LLM_BASE_URL: baseUrl,
    ...(apiKey ? { JANUS_SANDY_LLM_API_KEY: apiKey } : {}),
    ...(env.JANUS_LLM_MODEL
      ? { JANUS_SANDY_LLM_MODEL: env.JANUS_LLM_MODEL }
      : {}),
  });
  if (env.JANUS_LLM_BASE_URL)
    return pick(env.JANUS_LLM_BASE_URL, env.JANUS_LLM_API_KEY);
  if (env.CHUTES_API_KEY)
    return pick('https://llm.chutes.ai/v1', env.CHUTES_API_KEY);
  if (env.OPENAI_API_KEY)
    return pick('https://api.openai.com/v1', env.OPENAI_API_KEY);
  return {};
}

/**
 * The LLM variables every component gets: for a configured upstream
 * ({@link detectLlm} gave a `baseUrl`) the environment as is plus Sandy's
 * ({@link sandyLlmEnv}); else the LLM the demo provides at `llmUrl`, with
 * model `janus-scripted` so that every component agrees it is scripted
 * (llmConfigFromEnv reports `real` for any other `JANUS_LLM_MODEL`).
 * @param {ReturnType<typeof detectLlm>} llm
 * @param {string} llmUrl
 * @param {NodeJS.ProcessEnv} env
 * @returns {Record<string, string>}
 */
export function componentLlmEnv(llm, llmUrl, env) {
  if (llm.baseUrl !== undefined) return sandyLlmEnv(env);
  return {
    JANUS_LLM_BASE_URL: llmUrl,
    JANUS_LLM_MODEL: 'janus-scripted',
    JANUS_SANDY_LLM_BASE_URL: llmUrl,
    JANUS_SANDY_LLM_MODEL: 'janus-scripted',
  };
}

/**
 * Where Sandy would find bubblewrap (it isolates sandboxes with it): the first
 * executable `bwrap` on `PATH`, then in the usual system directories, as
 * Sandy's own lookup does (packages/janus-sandy/src/isolation/find-executable.ts).
 * @param {NodeJS.ProcessEnv} [env]
 * @param {string[]} [fallbackDirectories]
 * @returns {string | null}
 */
export function findBubblewrap(
  env = process.env,
  fallbackDirectories = [
    '/usr/local/bin',
    '/usr/bin',
    '/bin',
    '/usr/sbin',
    '/sbin',
  ],
) {
  const directories = [
    ...(env.PATH ?? '').split(delimiter).filter(Boolean),
    ...fallbackDirectories,
  ];
  for (const directory of directories) {
    const candidate = join(directory, 'bwrap');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  return null;
}

/**
 * Whether bubblewrap is installed ({@link findBubblewrap}).
 * @param {NodeJS.ProcessEnv} [env]
 */
export function hasBubblewrap(env = process.env) {
  return findBubblewrap(env) !== null;
}

/**
 * Fails with one clear message listing every port given to more than one
 * component and every port that is already taken, before anything is started.
 * (Two components on one port would not both fail: the second dies with
 * EADDRINUSE while the first answers its health checks.)
 * @param {Record<string, number>} ports
 */
export async function assertPortsFree(ports) {
  const problems = [];
  /** @type {Map<number, Array<(typeof demoPorts)[keyof typeof demoPorts]>>} */
  const owners = new Map();
  for (const [key, port] of Object.entries(ports))
    owners.set(port, [
      ...(owners.get(port) ?? []),
      demoPorts[/** @type {keyof typeof demoPorts} */ (key)],
    ]);
  for (const [port, specs] of owners) {
    if (specs.length > 1)
      problems.push(
        `  port ${port} is set for ${specs.map(spec => `${spec.label} (${spec.env})`).join(' and ')}; give each component its own port`,
      );
    else if (!(await isPortFree(port)))
      problems.push(
        `  port ${port} (${specs[0]?.label}) is in use; set ${specs[0]?.env} to another port`,
      );
  }
  if (problems.length > 0)
    throw new Error(`Cannot start the demo:\n${problems.join('\n')}`);
}

/** @param {number} port */
function isPortFree(port) {
  return new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/**
 * Free ports chosen by the OS (for tests; never the demo's defaults).
 * @param {number} count
 * @returns {Promise<number[]>}
 */
export async function findFreePorts(count) {
  const servers = [];
  const ports = [];
  for (let index = 0; index < count; index++) {
    const server = createServer();
    await new Promise(resolve =>
      server.listen(0, '127.0.0.1', () => resolve(undefined)),
    );
    servers.push(server);
    ports.push(
      /** @type {import('node:net').AddressInfo} */ (server.address()).port,
    );
  }
  await Promise.all(
    servers.map(server => new Promise(resolve => server.close(resolve))),
  );
  return ports;
}

/**
 * The absolute path of a workspace package's bin.
 * @param {string} packageDir - e.g. `packages/janus-competitor-kit`.
 * @param {string} name - The bin name.
 */
export function binPath(packageDir, name) {
  const manifest = JSON.parse(
    readFileSync(join(repoRoot, packageDir, 'package.json'), 'utf8'),
  );
  const bin =
    typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[name];
  if (!bin) throw new Error(`${packageDir} has no bin named ${name}`);
  return join(repoRoot, packageDir, bin);
}

/** Build config files at a workspace's top level: they count as sources. */
const buildConfigFile =
  /^(tsup\.config\.[^.]+|next\.config\.[^.]+|tsconfig.*\.json)$/;

/**
 * Whether every built output is newer than its sources (so the build can be
 * skipped). Looks at each workspace with a `build` script: sources are `src/`,
 * `app/`, `package.json`, the build config files at the workspace's top level
 * (`tsup.config.*`, `next.config.*`, `tsconfig*.json`) and the root
 * `tsconfig.base.json` they extend; outputs are `dist/` or `.next/BUILD_ID`.
 * @param {string} [root] - The repository root (tests pass a temp directory).
 */
export function isBuildUpToDate(root = repoRoot) {
  const rootManifest = JSON.parse(
    readFileSync(join(root, 'package.json'), 'utf8'),
  );
  const sharedConfig = newest(join(root, 'tsconfig.base.json'));
  for (const pattern of rootManifest.workspaces) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2))).map(name =>
          join(pattern.slice(0, -2), name),
        )
      : [pattern];
    for (const dir of dirs) {
      const manifestPath = join(root, dir, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (!manifest.scripts?.build) continue;
      const next = join(root, dir, '.next', 'BUILD_ID');
      const output = existsSync(next)
        ? statSync(next).mtimeMs
        : newest(join(root, dir, 'dist'), true);
      const configs = readdirSync(join(root, dir))
        .filter(name => buildConfigFile.test(name))
        .map(name => newest(join(root, dir, name)));
      const inputs = Math.max(
        newest(join(root, dir, 'src')),
        newest(join(root, dir, 'app')),
        newest(manifestPath),
        sharedConfig,
        ...configs,
      );
      if (output === 0 || inputs > output) return false;
    }
  }
  return true;
}

/**
 * Newest (or, with `oldest`, the oldest) mtime of files under a path; 0 when absent.
 * @param {string} path
 * @param {boolean} [oldest]
 */
function newest(path, oldest = false) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let result = 0;
  for (const name of readdirSync(path)) {
    if (
      name === 'node_modules' ||
      name.endsWith('.test.ts') ||
      name.endsWith('.test.tsx')
    )
      continue;
    const value = newest(join(path, name), oldest);
    if (value === 0) continue;
    result =
      result === 0
        ? value
        : oldest
          ? Math.min(result, value)
          : Math.max(result, value);
  }
  return result;
}

/**
 * @typedef {object} DemoStackOptions
 * @property {Record<keyof typeof demoPorts, number>} ports
 * @property {NodeJS.ProcessEnv} [env] - Base environment (default `process.env`).
 * @property {(name: string, line: string) => void} [onLine] - Each output line of each component.
 * @property {(message: string) => void} [onStatus] - Progress messages.
 * @property {string[]} [scriptedModelArgs] - Extra flags for `janus-scripted-model` (e.g. pacing).
 * @property {{ baseUrl: string, perComponent?: Record<string, string> }} [llm]
 *   Use this OpenAI-compatible upstream instead of starting the scripted model
 *   (tests use an in-process scripted model; the components are told it is
 *   `janus-scripted`; `perComponent` gives one component another).
 * @property {number} [healthTimeoutMs]
 * @property {AbortSignal} [signal] - Aborts the start-up (what started is stopped).
 * @property {(component: import('./demo-process.mjs').RunningComponent) => void} [onStarted]
 *   Each component as soon as its process exists (so a caller can stop it on a signal).
 */

/**
 * Starts the whole stack in dependency order, each component in its own
 * process group, waiting for each to be healthy before the next:
 * scripted model (when no LLM is configured) → Sandy (when bubblewrap is
 * installed) → both baselines → gateway → chat UI. On any failure everything
 * already started is stopped before the error is thrown.
 *
 * @param {DemoStackOptions} options
 */
export async function startDemoStack(options) {
  const { ports } = options;
  const base = { ...(options.env ?? process.env) };
  /** @type {ReturnType<typeof detectLlm>} */
  const llm = options.llm
    ? {
        mode: 'scripted',
        description: `the upstream at ${options.llm.baseUrl}`,
      }
    : detectLlm(base);
  // Without a configured upstream the demo provides the LLM: its scripted
  // model, or the one a test passes in `options.llm`.
  const demoLlm = llm.baseUrl === undefined;
  const llmUrl = options.llm?.baseUrl ?? `http://127.0.0.1:${ports.llm}/v1`;
  const bubblewrap = hasBubblewrap(base);
  const url = (/** @type {number} */ port) => `http://127.0.0.1:${port}`;
  const shared = {
    ...base,
    NEXT_TELEMETRY_DISABLED: '1',
    HOST: '127.0.0.1',
    JANUS_SANDY_BASE_URL: url(ports.sandy),
    ...componentLlmEnv(llm, llmUrl, base),
  };
  const npmStart = (
    /** @type {string} */ workspace,
    /** @type {number} */ port,
  ) => ({
    command: 'npm',
    args: ['start', '--silent', '-w', workspace],
    env: { ...shared, PORT: String(port) },
    cwd: repoRoot,
  });
  /** @type {Array<import('./demo-process.mjs').ComponentSpec>} */
  const specs = [];
  if (demoLlm && !options.llm)
    specs.push({
      name: 'scripted-model',
      command: process.execPath,
      args: [
        binPath('packages/janus-competitor-kit', 'janus-scripted-model'),
        '--port',
        String(ports.llm),
        ...(options.scriptedModelArgs ?? []),
      ],
      env: shared,
      healthUrl: `${url(ports.llm)}/health`,
    });
  if (bubblewrap)
    specs.push({
      name: 'sandy',
      command: process.execPath,
      args: [
        binPath('packages/janus-sandy', 'janus-sandy'),
        '--port',
        String(ports.sandy),
      ],
      env: shared,
      healthUrl: `${url(ports.sandy)}/health`,
    });
  specs.push(
    {
      name: 'baseline-agent-cli',
      ...npmStart('@janus/example-baseline-agent-cli', ports.agentCli),
      healthUrl: `${url(ports.agentCli)}/health`,
      healthId: 'baseline-agent-cli',
    },
    {
      name: 'baseline-langchain',
      ...npmStart('@janus/example-baseline-langchain', ports.langchain),
      healthUrl: `${url(ports.langchain)}/health`,
      healthId: 'baseline-langchain',
    },
    {
      name: 'gateway',
      ...npmStart('@janus/example-gateway-express', ports.gateway),
      env: {
        ...shared,
        PORT: String(ports.gateway),
        JANUS_COMPETITORS: `baseline-agent-cli=${url(ports.agentCli)},baseline-langchain=${url(ports.langchain)}`,
        JANUS_DEFAULT_COMPETITOR: 'baseline-agent-cli',
      },
      healthUrl: `${url(ports.gateway)}/health`,
    },
    {
      name: 'chat-ui',
      ...npmStart('@janus/example-chat-ui', ports.ui),
      env: {
        ...shared,
        PORT: String(ports.ui),
        GATEWAY_URL: url(ports.gateway),
      },
      healthUrl: `${url(ports.ui)}/`,
    },
  );

  for (const spec of specs) {
    const own = options.llm?.perComponent?.[spec.name];
    if (own)
      spec.env = {
        ...spec.env,
        JANUS_LLM_BASE_URL: own,
        JANUS_SANDY_LLM_BASE_URL: own,
      };
  }
  /** @type {import('./demo-process.mjs').RunningComponent[]} */
  const running = [];
  const stop = async () => {
    // Reverse order: the UI and gateway first, the LLM last.
    for (const component of [...running].reverse()) await component.stop();
  };
  try {
    for (const spec of specs) {
      options.signal?.throwIfAborted();
      options.onStatus?.(`starting ${spec.name} …`);
      const component = startComponent(spec, { onLine: options.onLine });
      running.push(component);
      options.onStarted?.(component);
      await waitForHealthy(component, {
        url: spec.healthUrl,
        id: spec.healthId,
        timeoutMs: options.healthTimeoutMs,
        signal: options.signal,
      });
      options.onStatus?.(
        `${spec.name} is healthy (${spec.healthUrl}, process group ${component.child.pid})`,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    llm,
    bubblewrap,
    components: running,
    urls: {
      ui: url(ports.ui),
      gateway: url(ports.gateway),
      agentCli: url(ports.agentCli),
      langchain: url(ports.langchain),
      sandy: bubblewrap ? url(ports.sandy) : null,
      llm: demoLlm ? llmUrl : (base.JANUS_LLM_BASE_URL ?? null),
    },
    stop,
  };
}
