// Rate rules and flood locks. Each rule is a sliding window: at most `limit` accepted calls per
// `windowMs` for one scope. Breaking the overall rule locks the (IP, key) pair for `floodLockMs`,
// like an injected 'flood' fault; the per-endpoint rules only refuse the call itself (JD reports
// that a user/info flood leaves the other calls working).

/** The documented limits (fact base §3). */
export const REAL_RATE_LIMITS = {
  overall: { limit: 3, windowMs: 1000 }, // every /v1 call, per (IP, key)
  userInfoPerIp: { limit: 1, windowMs: 60_000 },
  userInfoPerUser: { limit: 1, windowMs: 300_000 },
  listAll: { limit: 1, windowMs: 3_600_000 }, // file/ls with folder_id -1, per account
  // Per account, endpoint and folder: folder/ls and file/ls are counted apart, otherwise every
  // client that lists a directory with both calls (rclone does) would be refused at once.
  folderListing: { limit: 1, windowMs: 30_000 },
};

/** rateLimits option: false (none), 'real' or true (documented limits), or overrides of the real rules (false disables one). */
function resolveRules(option) {
  if (!option) return {};
  const overrides = typeof option === 'object' ? option : {};
  const rules = {};
  for (const [name, rule] of Object.entries({ ...REAL_RATE_LIMITS, ...overrides })) {
    if (!REAL_RATE_LIMITS[name]) throw new TypeError(`unknown rate rule ${name}`);
    if (rule) rules[name] = { ...REAL_RATE_LIMITS[name], ...rule };
  }
  return rules;
}

export class RateLimiter {
  constructor(option, floodLockMs) {
    this.rules = resolveRules(option);
    this.floodLockMs = floodLockMs;
    this.clear();
  }

  clear() {
    this.hits = new Map();
    this.locks = new Map();
  }

  lock(scope) {
    this.locks.set(scope, Date.now() + this.floodLockMs);
  }

  isLocked(scope) {
    const until = this.locks.get(scope);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.locks.delete(scope);
    return false;
  }

  /** Records the call and returns true when `rule` allows it for `scope` (always true for a disabled rule). */
  allow(ruleName, scope) {
    const rule = this.rules[ruleName];
    if (!rule) return true;
    const key = `${ruleName}|${scope}`;
    const now = Date.now();
    const recent = (this.hits.get(key) ?? []).filter((time) => time > now - rule.windowMs);
    const allowed = recent.length < rule.limit;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    return allowed;
  }
}
