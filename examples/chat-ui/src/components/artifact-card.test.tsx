import type { Artifact } from '@janus/protocol';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArtifactCard } from './artifact-card';

const artifact = (overrides: Partial<Artifact>): Artifact => ({
  id: 'artf_1',
  type: 'file',
  mime_type: 'text/plain',
  display_name: 'out.txt',
  size_bytes: 5,
  sha256: 'a'.repeat(64),
  created_at: '2026-11-27T09:00:00Z',
  ttl_seconds: 3600,
  url: '/v1/artifacts/artf_1',
  ...overrides,
});

afterEach(() => vi.unstubAllGlobals());

describe('ArtifactCard', () => {
  it('should render an HTML artifact on demand in a fully sandboxed frame, never fetching it into the page', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(
      <ArtifactCard
        artifact={artifact({
          mime_type: 'Text/HTML; charset=utf-8',
          display_name: 'report.html',
        })}
      />,
    );
    expect(screen.queryByTestId('artifact-preview')).toBeNull();
    // Named per file, so a list of cards is not a list of "Preview"s.
    expect(
      screen
        .getByRole('button', { name: 'Preview report.html' })
        .getAttribute('aria-expanded'),
    ).toBe('false');
    expect(
      screen.getByRole('link', { name: 'Download report.html' }),
    ).toBeTruthy();
    fireEvent.click(screen.getByTestId('artifact-preview-toggle'));
    const frame = screen.getByTestId('artifact-preview');
    expect(frame.tagName).toBe('IFRAME');
    // Present and empty: every sandbox restriction applies (no scripts).
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('src')).toBe('/api/artifacts/artf_1?inline');
    expect(frame.getAttribute('title')).toBe('Preview of report.html');
    expect(fetch).not.toHaveBeenCalled();
    expect(screen.getByTestId('artifact-preview-toggle').textContent).toBe(
      'Hide',
    );
    expect(
      screen
        .getByRole('button', { name: 'Hide report.html' })
        .getAttribute('aria-expanded'),
    ).toBe('true');
    expect(
      screen
        .getByRole('button', { name: 'Hide report.html' })
        .getAttribute('aria-controls'),
    ).toBe(frame.id);
    fireEvent.click(screen.getByTestId('artifact-preview-toggle'));
    expect(screen.queryByTestId('artifact-preview')).toBeNull();
  });

  it('should show an SVG file as an image, where its scripts cannot run', () => {
    render(
      <ArtifactCard
        artifact={artifact({
          mime_type: 'image/svg+xml',
          display_name: 'c.svg',
        })}
      />,
    );
    const image = screen.getByTestId('artifact-preview');
    expect(image.tagName).toBe('IMG');
    expect(image.getAttribute('src')).toBe('/api/artifacts/artf_1');
    expect(screen.queryByTestId('artifact-preview-toggle')).toBeNull();
  });

  it('should preview other text as text, the first 64 KB', async () => {
    const fetch = vi.fn(async () => new Response('hello', { status: 206 }));
    vi.stubGlobal('fetch', fetch);
    render(<ArtifactCard artifact={artifact({})} />);
    fireEvent.click(screen.getByTestId('artifact-preview-toggle'));
    await waitFor(() =>
      expect(screen.getByTestId('artifact-preview').textContent).toBe('hello'),
    );
    expect(screen.getByTestId('artifact-preview').tagName).toBe('PRE');
    // The whole file: no "Showing the first …".
    expect(screen.queryByTestId('artifact-preview-note')).toBeNull();
    expect(fetch).toHaveBeenCalledWith('/api/artifacts/artf_1', {
      headers: { range: 'bytes=0-65535' },
    });
  });

  it('should say when a text preview shows only the start of the file', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('hello', { status: 206 })),
    );
    render(<ArtifactCard artifact={artifact({ size_bytes: 300_000 })} />);
    fireEvent.click(screen.getByTestId('artifact-preview-toggle'));
    const note = await screen.findByTestId('artifact-preview-note');
    expect(note.textContent).toBe(
      'Showing the first 64 KB of 293 KB. Download the whole file',
    );
    expect(
      screen.getByRole('link', { name: 'Download the whole file' }),
    ).toMatchObject({
      href: expect.stringMatching(/\/api\/artifacts\/artf_1$/),
    });
  });
});
