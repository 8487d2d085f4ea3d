'use client';

import type { Artifact } from '@janus/protocol';
import { useState } from 'react';
import { formatBytes } from '../lib/read-attachment';

/** Largest text artifact previewed inline. */
const textPreviewBytes = 64 * 1024;

/**
 * Where the browser fetches an artifact: the same-origin proxy of the
 * gateway's `/v1/artifacts/:id` (never the competitor's or Sandy's URL).
 */
export function artifactHref(artifact: Artifact): string {
  return `/api/artifacts/${encodeURIComponent(artifact.id)}`;
}

function isTextual(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    /json|xml|yaml|javascript|typescript|x-python|x-sh|csv|markdown/.test(mime)
  );
}

/**
 * A produced file: name, size, type, a download link, and an inline preview
 * for images (always) and text (on demand, first 64 KB).
 *
 * @param props.artifact - The artifact descriptor from the `artifacts` event.
 */
export function ArtifactCard(props: { artifact: Artifact }) {
  const { artifact } = props;
  const href = artifactHref(artifact);
  const [preview, setPreview] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const textual = isTextual(artifact.mime_type);
  const loadPreview = async () => {
    if (preview !== null) return setPreview(null);
    try {
      const response = await fetch(href, {
        headers: { range: `bytes=0-${textPreviewBytes - 1}` },
      });
      if (!response.ok && response.status !== 206)
        throw new Error(`HTTP ${response.status}`);
      setPreview((await response.text()).slice(0, textPreviewBytes));
      setPreviewError(null);
    } catch (error) {
      setPreviewError(
        `Preview failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  return (
    <div
      className="artifact-card"
      data-testid="artifact-card"
      data-artifact-id={artifact.id}
    >
      <div className="artifact-head">
        <span className="artifact-icon" aria-hidden="true">
          {artifact.type === 'image' ? 'IMG' : 'FILE'}
        </span>
        <div className="artifact-meta">
          <div className="artifact-name" data-testid="artifact-name">
            {artifact.display_name}
          </div>
          <div className="muted">
            {formatBytes(artifact.size_bytes)} · {artifact.mime_type}
          </div>
        </div>
        {textual && (
          <button
            type="button"
            className="small-button"
            data-testid="artifact-preview-toggle"
            onClick={loadPreview}
          >
            {preview === null ? 'Preview' : 'Hide'}
          </button>
        )}
        <a
          className="small-button"
          data-testid="artifact-download"
          href={href}
          download={artifact.display_name}
        >
          Download
        </a>
      </div>
      {artifact.type === 'image' && (
        // biome-ignore lint/performance/noImgElement: artifacts are dynamic, same-origin proxied bytes
        <img
          className="artifact-image"
          data-testid="artifact-preview"
          src={href}
          alt={artifact.display_name}
          loading="lazy"
        />
      )}
      {preview !== null && (
        <pre className="artifact-text" data-testid="artifact-preview">
          {preview}
        </pre>
      )}
      {previewError && <div className="error-text">{previewError}</div>}
    </div>
  );
}
