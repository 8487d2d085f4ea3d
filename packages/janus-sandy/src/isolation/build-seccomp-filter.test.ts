import { describe, expect, it } from 'vitest';
import {
  buildSeccompFilter,
  SECCOMP_DENIED_SYSCALLS,
} from './build-seccomp-filter';

describe('buildSeccompFilter', () => {
  it('should build one 8-byte instruction per denied syscall plus the arch, x32 and return checks', () => {
    const filter = buildSeccompFilter('x64');
    expect(filter?.byteLength).toBe((SECCOMP_DENIED_SYSCALLS.length + 6) * 8);
    const view = new DataView(filter!.buffer);
    // Last two instructions: RET ALLOW, RET ERRNO(EPERM).
    expect(view.getUint32(filter!.byteLength - 12, true)).toBe(0x7fff0000);
    expect(view.getUint32(filter!.byteLength - 4, true)).toBe(0x00050001);
  });

  it('should return null for architectures it does not cover', () => {
    expect(buildSeccompFilter('arm64')).toBeNull();
  });
});
