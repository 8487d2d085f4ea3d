'use client';

import type { Artifact } from '@janus/protocol';
import { useId, useState } from 'react';
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

/** The media type without parameters, lower-cased (`Text/HTML; charset=…` → `text/html`). */
function essence(mime: string): string {
  return mime.split(';')[0]!.trim().toLowerCase();
}

function isTextual(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    /json|xml|yaml|javascript|typescript|x-python|x-sh|csv|markdown/.test(mime)
  );
}

/**
 * A produced file: name, size, type, a download link, and an inline preview
 * for images and SVG (always, as `<img>`, where SVG scripts never run), HTML
 * (on demand, rendered in an `<iframe sandbox="">`: no scripts, no forms, an
 * opaque origin, on top of the proxy's `content-security-policy: sandbox`)
 * and other text (on demand, the first 64 KB as text; a longer file says
 * how much is shown, with a link to download it whole).
 *
 * @param props.artifact - The artifact descriptor from the `artifacts` event.
 */
export function ArtifactCard(props: { artifact: Artifact }) {
  const { artifact } = props;
  const href = artifactHref(artifact);
  const [preview, setPreview] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [rendered, setRendered] = useState(false);
  const mime = essence(artifact.mime_type);
  const html = mime === 'text/html';
  const image = artifact.type === 'image' || mime === 'image/svg+xml';
  const textual = !image && isTextual(mime);
  const showing = html ? rendered : preview !== null;
  const previewId = useId();
  const name = artifact.display_name;
  const loadPreview = async () => {
    if (html) return setRendered(value => !value);
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
            // Named per file: a page of cards is not a list of "Preview"s.
            aria-label={`${showing ? 'Hide' : 'Preview'} ${name}`}
            aria-expanded={showing}
            aria-controls={showing ? previewId : undefined}
            onClick={loadPreview}
          >
            {showing ? 'Hide' : 'Preview'}
          </button>
        )}
        <a
          className="small-button"
          data-testid="artifact-download"
          aria-label={`Download ${name}`}
          href={href}
          download={artifact.display_name}
        >
          Download
        </a>
      </div>
      {image && (
        // biome-ignore lint/performance/noImgElement: artifacts are dynamic, same-origin proxied bytes
        <img
          className="artifact-image"
          data-testid="artifact-preview"
          src={href}
          alt={artifact.display_name}
          loading="lazy"
        />
      )}
      {html && rendered && (
        <iframe
          id={previewId}
          className="artifact-frame"
          data-testid="artifact-preview"
          // `?inline`: shown, not downloaded (the proxy keeps its sandbox CSP).
          src={`${href}?inline`}
          // Empty: every restriction (no scripts, forms, popups, top
          // navigation; an opaque origin that cannot read the UI's storage).
          sandbox=""
          referrerPolicy="no-referrer"
          title={`Preview of ${artifact.display_name}`}
        />
      )}
      {preview !== null && (
        <pre
          id={previewId}
          className="artifact-text"
          data-testid="artifact-preview"
        >
          {preview}
        </pre>
      )}
      {preview !== null && artifact.size_bytes > textPreviewBytes && (
        // The preview is cut: never let it pass for the whole file.
        <div className="muted" data-testid="artifact-preview-note">
          Showing the first {formatBytes(textPreviewBytes)} of{' '}
          {formatBytes(artifact.size_bytes)}.{' '}
          <a href={href} download={artifact.display_name}>
            Download the whole file
          </a>
        </div>
      )}
      {previewError && <div className="error-text">{previewError}</div>}
    </div>
  );
}
