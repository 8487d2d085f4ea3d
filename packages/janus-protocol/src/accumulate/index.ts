export {
  accumulateChatCompletion,
  ChatCompletionAccumulator,
} from './chat-completion-accumulator';
