import { collectArtifacts } from '@janus/competitor-kit';
import { type Artifact, UpstreamError } from '@janus/protocol';

/**
 * The kit's `collectArtifacts`, except that an agent which never created
 * `/workspace/artifacts` (Sandy answers 404 for the listing) simply produced
 * no files, instead of failing the answer.
 *
 * @param options As for `collectArtifacts`.
 * @returns The stored artifacts (empty when there is no artifacts directory).
 */
export async function collectArtifactsIfAny(
  options: Parameters<typeof collectArtifacts>[0],
): Promise<Artifact[]> {
  try {
    return await collectArtifacts(options);
  } catch (error) {
    if (UpstreamError.isInstance(error) && error.statusCode === 404) return [];
    throw error;
  }
}
