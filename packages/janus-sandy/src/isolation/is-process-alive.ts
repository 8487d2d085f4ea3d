/**
 * Whether a process exists (signal 0; `EPERM` means it exists but belongs
 * to someone else). Used to clean up after dead service instances.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
