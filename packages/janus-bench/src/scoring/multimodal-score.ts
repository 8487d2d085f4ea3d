import type { BenchTask } from '../datasets/task-schema';
import type { ScoreContext, ScoreDetail } from './score-detail';

/** Whether a task sends image or file input. */
export function hasMediaInput(task: BenchTask): boolean {
  return task.messages.some(
    message =>
      Array.isArray(message.content) &&
      (message.content as { type: string }[]).some(
        part =>
          part.type === 'image_url' ||
          part.type === 'file' ||
          part.type === 'input_audio',
      ),
  );
}

/**
 * Multimodal of one task: for tasks with image/file input, the task's
 * quality score (did it understand the media?); `null` (not applicable)
 * otherwise, so a run without media tasks gets no free multimodal points.
 */
export function multimodalScore(context: ScoreContext): ScoreDetail {
  if (!hasMediaInput(context.task)) {
    return {
      score: null,
      formula: 'no media input → not applicable',
      inputs: {},
    };
  }
  const quality = context.previous.quality?.score ?? 0;
  return {
    score: quality,
    formula: 'quality score of a task with media input',
    inputs: { quality },
  };
}
