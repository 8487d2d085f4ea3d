/**
 * A classic-BPF seccomp filter for bubblewrap's `--seccomp FD` (x86-64):
 * denies (EPERM) syscalls a sandboxed command has no business making and
 * that widen the kernel attack surface: tracing other processes, kernel
 * keyrings, BPF, perf, userfaultfd, io_uring, mounts, modules, kexec,
 * clocks, `open_by_handle_at` (the classic container escape), and any
 * non-x86-64 ABI (i386, x32), which would otherwise bypass the list.
 * Defence in depth on top of the namespaces and dropped capabilities.
 */

/** Syscall numbers (x86-64) denied with EPERM. */
const deniedSyscalls: Record<string, number> = {
  ptrace: 101,
  syslog: 103,
  vhangup: 153,
  pivot_root: 155,
  acct: 163,
  settimeofday: 164,
  mount: 165,
  umount2: 166,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  iopl: 172,
  ioperm: 173,
  init_module: 175,
  delete_module: 176,
  quotactl: 179,
  clock_settime: 227,
  kexec_load: 246,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  perf_event_open: 298,
  fanotify_init: 300,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  setns: 308,
  process_vm_readv: 310,
  process_vm_writev: 311,
  finit_module: 313,
  kexec_file_load: 320,
  bpf: 321,
  userfaultfd: 323,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  move_mount: 429,
  open_tree: 428,
};

const BPF_LD_W_ABS = 0x20;
const BPF_JMP_JEQ_K = 0x15;
const BPF_JMP_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO_EPERM = 0x00050000 | 1;

/** The names the filter denies (for docs and tests). */
export const SECCOMP_DENIED_SYSCALLS: readonly string[] =
  Object.keys(deniedSyscalls);

/**
 * The filter program as bytes (`struct sock_filter[]`, little-endian), or
 * `null` on architectures it does not cover (then no filter is applied).
 */
export function buildSeccompFilter(
  arch: string = process.arch,
): Uint8Array | null {
  if (arch !== 'x64') return null;
  const numbers = Object.values(deniedSyscalls);
  // Layout: 0 load arch, 1 arch check, 2 load nr, 3 x32 check, 4.. one JEQ per
  // syscall, then ALLOW, then DENY.
  const denyIndex = 4 + numbers.length + 1;
  const program: Array<[number, number, number, number]> = [
    [BPF_LD_W_ABS, 0, 0, 4],
    [BPF_JMP_JEQ_K, 0, denyIndex - 2, AUDIT_ARCH_X86_64],
    [BPF_LD_W_ABS, 0, 0, 0],
    [BPF_JMP_JGE_K, denyIndex - 4, 0, X32_SYSCALL_BIT],
    ...numbers.map((number, index): [number, number, number, number] => [
      BPF_JMP_JEQ_K,
      denyIndex - (4 + index) - 1,
      0,
      number,
    ]),
    [BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW],
    [BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO_EPERM],
  ];
  const bytes = new Uint8Array(program.length * 8);
  const view = new DataView(bytes.buffer);
  program.forEach(([code, jt, jf, k], index) => {
    view.setUint16(index * 8, code, true);
    view.setUint8(index * 8 + 2, jt);
    view.setUint8(index * 8 + 3, jf);
    view.setUint32(index * 8 + 4, k, true);
  });
  return bytes;
}
