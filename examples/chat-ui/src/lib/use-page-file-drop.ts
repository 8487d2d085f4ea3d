'use client';

import { useEffect, useRef } from 'react';

/**
 * Takes files dropped anywhere on the page (the message list, the history)
 * that no element handled: unhandled, the browser opens a dropped file in
 * place of the app. A drop an element already took (`preventDefault`, such
 * as the composer's own) is left alone, and so is a drag without files (text
 * dragged into a box).
 *
 * @param onFiles - Receives the dropped files.
 */
export function usePageFileDrop(onFiles: (files: File[]) => void) {
  const latest = useRef(onFiles);
  latest.current = onFiles;
  useEffect(() => {
    const hasFiles = (event: DragEvent) =>
      event.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (event: DragEvent) => {
      if (event.defaultPrevented || !hasFiles(event)) return;
      // Makes the whole page a drop target (else the drop is not ours).
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      if (event.defaultPrevented || !hasFiles(event)) return;
      event.preventDefault();
      latest.current([...(event.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}
