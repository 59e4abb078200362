//! The one place that decides when a call may start, whether a failed call is tried again and
//! how long polling waits. Pure functions of numbers, table-tested below; the client only
//! carries them out.

use crate::endpoint::Effect;
use crate::error::{Error, ErrorCode};

/// How a client paces and retries its API calls.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// Minimum gap between two API requests, measured from when each actually left. JDownloader's admin-approved pace is
    /// about 1 call/s and pyload sees flood locks above that (§3), hence 1000 ms.
    pub min_interval_ms: f64,
    /// Retries of one call, for flood locks and (idempotent calls only) network errors/5xx.
    pub max_retries: u32,
    /// Wait after a flood lock before trying again; 0 fails at once with `flood`.
    /// 30 s is what rclone waits (§3).
    pub flood_wait_ms: f64,
    /// Limit of one API call (not of an upload body).
    pub timeout_ms: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_interval_ms: 1000.0,
            max_retries: 3,
            flood_wait_ms: 30_000.0,
            timeout_ms: 30_000.0,
        }
    }
}

/// After a failed attempt: how long to wait before trying again, or `None` to report it.
pub fn retry_delay(
    policy: &Policy,
    effect: Effect,
    retries_done: u32,
    error: &Error,
) -> Option<f64> {
    if retries_done >= policy.max_retries {
        return None;
    }
    match error.code {
        // The server refused the call, so nothing happened: safe for every endpoint.
        ErrorCode::Flood if policy.flood_wait_ms > 0.0 => Some(policy.flood_wait_ms),
        // The call may have taken effect before the answer was lost: only repeatable ones.
        ErrorCode::Network | ErrorCode::Server | ErrorCode::Timeout
            if effect == Effect::Repeatable =>
        {
            Some(backoff_ms(retries_done))
        }
        _ => None,
    }
}

/// 500 ms, 1 s, 2 s, 4 s, then 8 s at most.
fn backoff_ms(retries_done: u32) -> f64 {
    (500.0 * 2f64.powi(retries_done.min(4) as i32)).min(8000.0)
}

/// Polling `end.pl` after an upload: quick at first (small files are ready at once), then
/// every 5 s; the last wait is shortened to end exactly at `limit_ms`, so that the caller
/// gets the whole wait it asked for and no more.
pub fn end_poll_delay(polls_done: u32, elapsed_ms: f64, limit_ms: f64) -> Option<f64> {
    let delay = match polls_done {
        0 => 250.0,
        1 => 500.0,
        2 => 1000.0,
        3 => 2000.0,
        _ => 5000.0,
    };
    job_poll_delay(delay, elapsed_ms, limit_ms)
}

/// Polling a remote job: every `interval_ms`, shortened to end exactly at the deadline.
pub fn job_poll_delay(interval_ms: f64, elapsed_ms: f64, limit_ms: f64) -> Option<f64> {
    let left = limit_ms - elapsed_ms;
    (left > 0.0).then(|| interval_ms.min(left))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Effect::{Once, Repeatable};
    use crate::error::ErrorCode::*;

    fn error(code: ErrorCode) -> Error {
        Error::new(code, "x")
    }

    #[test]
    fn retry_table() {
        let policy = Policy::default();
        let table: &[(Effect, ErrorCode, u32, Option<f64>)] = &[
            (Repeatable, Flood, 0, Some(30_000.0)),
            (Once, Flood, 0, Some(30_000.0)),
            (Once, Flood, 3, None),
            (Repeatable, Network, 0, Some(500.0)),
            (Repeatable, Server, 1, Some(1000.0)),
            (Repeatable, Timeout, 2, Some(2000.0)),
            (Repeatable, Network, 3, None),
            (Once, Network, 0, None),
            (Once, Server, 0, None),
            (Once, Timeout, 0, None),
            (Repeatable, Auth, 0, None),
            (Repeatable, NotFound, 0, None),
            (Repeatable, Decode, 0, None),
            (Repeatable, Aborted, 0, None),
            (Repeatable, InvalidInput, 0, None),
            (Repeatable, PremiumRequired, 0, None),
        ];
        for (effect, code, retries, expected) in table {
            assert_eq!(
                retry_delay(&policy, *effect, *retries, &error(*code)),
                *expected,
                "{effect:?} {code:?} {retries}"
            );
        }
    }

    #[test]
    fn flood_wait_zero_fails_at_once_and_backoff_is_capped() {
        let policy = Policy {
            flood_wait_ms: 0.0,
            max_retries: 10,
            ..Policy::default()
        };
        assert_eq!(retry_delay(&policy, Repeatable, 0, &error(Flood)), None);
        assert_eq!(
            retry_delay(&policy, Repeatable, 9, &error(Network)),
            Some(8000.0)
        );
        let none = Policy {
            max_retries: 0,
            ..Policy::default()
        };
        assert_eq!(retry_delay(&none, Repeatable, 0, &error(Network)), None);
    }

    #[test]
    fn polling_is_bounded() {
        assert_eq!(end_poll_delay(0, 0.0, 300_000.0), Some(250.0));
        assert_eq!(end_poll_delay(7, 10_000.0, 300_000.0), Some(5000.0));
        assert_eq!(end_poll_delay(7, 299_000.0, 300_000.0), Some(1000.0));
        assert_eq!(end_poll_delay(2, 800.0, 1200.0), Some(400.0));
        assert_eq!(end_poll_delay(7, 300_000.0, 300_000.0), None);
        assert_eq!(job_poll_delay(2000.0, 0.0, 10_000.0), Some(2000.0));
        assert_eq!(job_poll_delay(2000.0, 9_500.0, 10_000.0), Some(500.0));
        assert_eq!(job_poll_delay(2000.0, 10_000.0, 10_000.0), None);
    }
}
