import { createScriptedModel } from '@janus/competitor-kit/testing';
import type { Browser } from 'playwright-core';
import { findFreePorts, startDemoStack } from '../../../scripts/demo-stack.mjs';
import { launchBrowser } from './launch-browser';
import { startLlmRecorder } from './llm-recorder';

/** Tokens per second of the paced scripted model (visible streaming, time to stop). */
export const pacedTokensPerSecond = 50;

/**
 * The demo stack for browser tests, on free ports: the same processes
 * `npm run demo` starts (Sandy, both baselines, the Express gateway, the
 * built chat UI), with two in-process scripted models instead of the demo's
 * one so the tests can see into the LLM: baseline-agent-cli and Sandy's
 * agent talk to a paced one through a recording proxy (streaming is visible,
 * aborts are observable); baseline-langchain talks to an unpaced one (long
 * answers for the render benchmark).
 */
export async function startE2eStack() {
  // Drives the built stack (`npm run build` first; `npm test` does); a
  // missing build makes a component exit, reported with its output.
  const paced = await createScriptedModel({
    pace: { tokensPerSecond: pacedTokensPerSecond },
  });
  const fast = await createScriptedModel({});
  const recorder = await startLlmRecorder({ upstream: paced.url });
  const [llm, sandy, agentCli, langchain, gateway, ui] = await findFreePorts(6);
  const lines: string[] = [];
  let browser: Browser | null = null;
  const cleanups: Array<() => Promise<void>> = [
    () => recorder.close(),
    () => paced.close(),
    () => fast.close(),
  ];
  const close = async () => {
    await browser?.close();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const stack = await startDemoStack({
      ports: {
        llm: llm!,
        sandy: sandy!,
        agentCli: agentCli!,
        langchain: langchain!,
        gateway: gateway!,
        ui: ui!,
      },
      env: {
        ...process.env,
        JANUS_LLM_BASE_URL: '',
        CHUTES_API_KEY: '',
        OPENAI_API_KEY: '',
      },
      llm: {
        baseUrl: recorder.url,
        perComponent: { 'baseline-langchain': fast.url },
      },
      onLine: (name, line) => {
        lines.push(`[${name}] ${line}`);
        if (lines.length > 2000) lines.shift();
      },
      healthTimeoutMs: 60_000,
    });
    cleanups.push(() => stack.stop());
    browser = await launchBrowser();
    return {
      stack,
      browser,
      recorder,
      paced,
      fast,
      logs: () => lines.join('\n'),
      close,
    };
  } catch (error) {
    await close();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- stack output ---\n${lines.slice(-80).join('\n')}`,
    );
  }
}

/** The running e2e stack. */
export type E2eStack = Awaited<ReturnType<typeof startE2eStack>>;
