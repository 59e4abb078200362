// Injected faults. A fault matches a request whose path ends with `fault.path` ('*' = any), lets
// the first `skip` matching requests through, is used `times` times and then disappears. The
// request pipeline (index.js) applies it.
export const FAULT_TYPES = [
  '5xx',
  'reset',
  'reset-after',
  'silent',
  'delay',
  'html',
  'nofile',
  'truncated',
  'damaged',
  'flood',
  'ko',
];

export class Faults {
  constructor() {
    this.list = [];
  }

  /** Validates and queues a fault; returns the stored form. Throws TypeError on a bad fault. */
  inject({ path = '*', type, times = 1, skip = 0, delayMs = 1000, status, message } = {}) {
    if (!FAULT_TYPES.includes(type)) throw new TypeError(`fault type must be one of ${FAULT_TYPES.join(', ')}`);
    if (typeof path !== 'string' || !path) throw new TypeError('fault path must be a non-empty string');
    if (!Number.isInteger(times) || times < 1) throw new TypeError('fault times must be a positive integer');
    if (!Number.isInteger(skip) || skip < 0) throw new TypeError('fault skip must be a whole number');
    if (type === 'ko' && typeof message !== 'string') throw new TypeError("a 'ko' fault needs a message");
    const fault = {
      path,
      type,
      times,
      skip,
      delayMs,
      status: status ?? (type === '5xx' ? 503 : 200),
      message,
    };
    this.list.push(fault);
    return fault;
  }

  /**
   * Consumes one use of the first fault matching `path` that skips no more requests, or
   * returns null; every matching fault still skipping counts this request as one it let through.
   */
  take(path) {
    // A path ending with '/' matches what starts with it ('/dl/': every direct download link).
    const matches = (f) => f.path === '*' || path.endsWith(f.path) || (f.path.endsWith('/') && path.startsWith(f.path));
    for (const fault of this.list.filter(matches)) {
      if (fault.skip > 0) {
        fault.skip -= 1;
        continue;
      }
      if (--fault.times === 0) this.list.splice(this.list.indexOf(fault), 1);
      return fault;
    }
    return null;
  }

  clear() {
    this.list = [];
  }
}
