#!/usr/bin/env node
// `npm run demo`: will start the whole Janus stack on localhost. Until every
// part exists it says what it will start and exits non-zero.
console.error(`npm run demo will start, on localhost:
  scripted model  :8100  (when no JANUS_LLM_* / CHUTES_API_KEY / OPENAI_API_KEY is set)
  @janus/sandy    :8787
  baseline-agent-cli :8001, baseline-langchain :8002
  gateway (Express)  :8000
  chat UI (Next.js)  :3000

The demo is not assembled yet (see issue "Chat UI and npm run demo").`);
process.exit(1);
