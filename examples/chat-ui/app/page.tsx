import { ChatApp } from '../src/components/chat-app';

/** The chat page. */
export default function Page() {
  return <ChatApp />;
}
