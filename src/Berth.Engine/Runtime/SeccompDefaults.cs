using System.Runtime.InteropServices;
using Berth.Engine.Runtime.Spec;

namespace Berth.Engine.Runtime;

/// <summary>
/// Berth's default seccomp profile: an allowlist of the system calls ordinary programs make. Anything else
/// fails with ENOSYS, so libc falls back to older calls (clone3 → clone); calls that change the host
/// (mount, modules, reboot, namespaces, keyrings, tracing) fail with EPERM, as they would without the
/// capability. Modelled on the shape of Podman's profile, written from the syscall tables.
/// </summary>
public static class SeccompDefaults
{
    private const uint Enosys = 38;
    private const uint Eperm = 1;

    private static readonly string[] Allowed =
    [
        // files and descriptors
        "access", "chdir", "chmod", "chown", "chown32", "close", "close_range", "copy_file_range", "creat", "dup", "dup2", "dup3",
        "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fchdir", "fchmod", "fchmodat", "fchown", "fchown32",
        "fchownat", "fcntl", "fcntl64", "fdatasync", "fgetxattr", "flistxattr", "flock", "fremovexattr", "fsetxattr", "fstat",
        "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "getcwd", "getdents", "getdents64",
        "getxattr", "lchown", "lchown32", "lgetxattr", "link", "linkat", "listxattr", "llistxattr", "lremovexattr", "lseek",
        "lsetxattr", "_llseek", "lstat", "lstat64", "mkdir", "mkdirat", "mknod", "mknodat", "newfstatat", "open", "openat",
        "openat2", "pipe", "pipe2", "pread64", "preadv", "preadv2", "pwrite64", "pwritev", "pwritev2", "read", "readahead",
        "readlink", "readlinkat", "readv", "removexattr", "rename", "renameat", "renameat2", "rmdir", "sendfile", "sendfile64",
        "setxattr", "splice", "stat", "stat64", "statfs", "statfs64", "statx", "symlink", "symlinkat", "sync", "sync_file_range",
        "syncfs", "tee", "truncate", "truncate64", "umask", "unlink", "unlinkat", "utime", "utimensat", "utimensat_time64",
        "utimes", "futimesat", "vmsplice", "write", "writev", "ioctl", "memfd_create", "name_to_handle_at",
        // polling and events
        "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
        "epoll_wait_old", "eventfd", "eventfd2", "inotify_add_watch", "inotify_init", "inotify_init1", "inotify_rm_watch",
        "poll", "ppoll", "ppoll_time64", "pselect6", "pselect6_time64", "select", "_newselect", "signalfd", "signalfd4",
        "timerfd_create", "timerfd_gettime", "timerfd_gettime64", "timerfd_settime", "timerfd_settime64", "io_setup",
        "io_destroy", "io_getevents", "io_pgetevents", "io_submit", "io_cancel", "io_uring_setup", "io_uring_enter",
        "io_uring_register",
        // memory
        "brk", "madvise", "membarrier", "mincore", "mlock", "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mremap",
        "msync", "munlock", "munlockall", "munmap", "pkey_alloc", "pkey_free", "pkey_mprotect", "get_mempolicy",
        "set_mempolicy", "mbind",
        // processes, threads and signals
        "arch_prctl", "capget", "capset", "clone", "execve", "execveat", "exit", "exit_group", "fork", "vfork", "futex",
        "futex_time64", "futex_waitv", "get_robust_list", "set_robust_list", "getegid", "getegid32", "geteuid", "geteuid32",
        "getgid", "getgid32", "getgroups", "getgroups32", "getitimer", "setitimer", "getpgid", "getpgrp", "getpid", "getppid",
        "getpriority", "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32", "getrlimit", "ugetrlimit",
        "getrusage", "getsid", "gettid", "getuid", "getuid32", "kill", "tkill", "tgkill", "pidfd_open", "pidfd_send_signal",
        "pidfd_getfd", "prctl", "prlimit64", "rseq", "restart_syscall", "rt_sigaction", "rt_sigpending", "rt_sigprocmask",
        "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_tgsigqueueinfo",
        "sched_getaffinity", "sched_getattr", "sched_getparam", "sched_get_priority_max", "sched_get_priority_min",
        "sched_getscheduler", "sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr",
        "sched_setparam", "sched_setscheduler", "sched_yield", "setfsgid", "setfsgid32", "setfsuid", "setfsuid32", "setgid",
        "setgid32", "setgroups", "setgroups32", "setpgid", "setpriority", "setregid", "setregid32", "setresgid",
        "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32", "setrlimit", "setsid", "setuid", "setuid32",
        "set_thread_area", "set_tid_address", "sigaltstack", "sigreturn", "wait4", "waitid", "waitpid", "alarm", "pause",
        "personality", "seccomp", "ioprio_get", "ioprio_set",
        // time
        "clock_getres", "clock_getres_time64", "clock_gettime", "clock_gettime64", "clock_nanosleep",
        "clock_nanosleep_time64", "gettimeofday", "nanosleep", "time", "times", "timer_create", "timer_delete",
        "timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime", "timer_settime64",
        // sockets
        "accept", "accept4", "bind", "connect", "getpeername", "getsockname", "getsockopt", "listen", "recv", "recvfrom",
        "recvmmsg", "recvmmsg_time64", "recvmsg", "send", "sendmmsg", "sendmsg", "sendto", "setsockopt", "shutdown",
        "socket", "socketcall", "socketpair",
        // System V and POSIX IPC (the container has its own IPC namespace)
        "ipc", "msgctl", "msgget", "msgrcv", "msgsnd", "semctl", "semget", "semop", "semtimedop", "semtimedop_time64",
        "shmat", "shmctl", "shmdt", "shmget", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive",
        "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64", "mq_unlink",
        // system information
        "uname", "sysinfo", "getcpu", "syslog", "chroot",
    ];

    private static readonly string[] Denied =
    [
        "mount", "umount", "umount2", "pivot_root", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
        "unshare", "setns", "reboot", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
        "swapon", "swapoff", "acct", "settimeofday", "clock_settime", "clock_settime64", "clock_adjtime", "adjtimex",
        "stime", "sethostname", "setdomainname", "bpf", "perf_event_open", "ptrace", "process_vm_readv",
        "process_vm_writev", "keyctl", "add_key", "request_key", "quotactl", "lookup_dcookie", "userfaultfd", "iopl",
        "ioperm", "vhangup", "nfsservctl", "open_by_handle_at", "kcmp", "fanotify_init", "mount_setattr",
    ];

    /// <summary>
    /// The profile for this machine's native architecture only: listing the 32-bit ABIs too makes runc
    /// compile the filter three times (about 50 ms more per start); 32-bit binaries need seccomp=unconfined.
    /// </summary>
    public static SeccompSpec Profile { get; } = new(
        "SCMP_ACT_ERRNO",
        Architectures(),
        [
            new SeccompRule(Allowed, "SCMP_ACT_ALLOW"),
            new SeccompRule(Denied, "SCMP_ACT_ERRNO") { ErrnoRet = Eperm },
            new SeccompRule(["clone3"], "SCMP_ACT_ERRNO") { ErrnoRet = Enosys },
        ])
    { DefaultErrnoRet = Enosys };

    private static IReadOnlyList<string> Architectures() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.Arm64 => ["SCMP_ARCH_AARCH64"],
        _ => ["SCMP_ARCH_X86_64"],
    };
}
