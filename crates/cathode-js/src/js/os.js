// `require('os')`: facts about the machine from Rust (`native.os`, see os.rs).
(function (native) {
  'use strict';

  const n = native.os;
  const signals = {
    SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7,
    SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14,
    SIGTERM: 15, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
    SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29,
    SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
  };
  const errno = {
    EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13,
    EBUSY: 16, EEXIST: 17, EXDEV: 18, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, EMFILE: 24, ENOSPC: 28,
    EROFS: 30, EPIPE: 32, ENAMETOOLONG: 36, ENOTEMPTY: 39, ELOOP: 40, ETIMEDOUT: 110,
  };

  const os = {
    EOL: native.platform === 'win32' ? '\r\n' : '\n',
    devNull: native.platform === 'win32' ? '\\\\.\\nul' : '/dev/null',
    constants: Object.freeze({
      signals: Object.freeze(signals),
      errno: Object.freeze(errno),
      priority: Object.freeze({ PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0,
        PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20 }),
    }),
    platform: () => native.platform,
    arch: () => native.arch,
    type: () => n.type,
    release: () => n.release,
    version: () => n.version,
    machine: () => n.machine,
    hostname: () => n.hostname(),
    homedir: () => n.homedir(),
    tmpdir: () => n.tmpdir(),
    endianness: () => (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'LE' : 'BE'),
    totalmem: () => n.memory()[0],
    freemem: () => n.memory()[1],
    uptime: () => n.memory()[2],
    loadavg: () => n.memory().slice(3),
    availableParallelism: () => n.cpus().length,
    // CPU times are not measured: each is 0.
    cpus: () => n.cpus().map((cpu) => ({ model: cpu.model, speed: cpu.speed, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } })),
    userInfo(options) {
      const info = n.userInfo();
      if (options && options.encoding === 'buffer') {
        const { Buffer } = globalThis;
        for (const key of ['username', 'homedir', 'shell']) {
          if (typeof info[key] === 'string') info[key] = Buffer.from(info[key]);
        }
      }
      return info;
    },
    // Not read from the OS yet: an empty list of interfaces.
    networkInterfaces: () => ({}),
    getPriority: () => 0,
    setPriority: () => {},
  };
  return os;
})
