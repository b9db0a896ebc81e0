//! Statuses, severities and how a verdict becomes an exit code.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Outcome of one check, and (folded) of a gate and a run.
///
/// Ordered from best to worst: a gate's verdict is the worst status of its checks,
/// where `skipped` and `nodata` count as `pass` (they say why a check did not judge,
/// and the canary gate's score decides what nodata means).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Pass,
    Skipped,
    Nodata,
    Warn,
    Fail,
    Error,
}

impl Status {
    /// Rank used to fold statuses into a verdict (higher is worse).
    fn rank(self) -> u8 {
        match self {
            Status::Pass | Status::Skipped | Status::Nodata => 0,
            Status::Warn => 1,
            Status::Fail => 2,
            Status::Error => 3,
        }
    }

    /// The verdict of a set of statuses: the worst one; `pass` when there are none.
    pub fn worst(statuses: impl IntoIterator<Item = Status>) -> Status {
        statuses
            .into_iter()
            .map(|s| match s {
                Status::Skipped | Status::Nodata => Status::Pass,
                other => other,
            })
            .max_by_key(|s| s.rank())
            .unwrap_or(Status::Pass)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Skipped => "skipped",
            Status::Nodata => "nodata",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Error => "error",
        }
    }

    /// Exit code of a run with this verdict: 0 passed, 1 a gate failed (or warned, with
    /// `fail_on: warn`), 2 the run could not be judged (a check ended in `error`).
    pub fn exit_code(self, fail_on: FailOn) -> i32 {
        match (self, fail_on) {
            (Status::Error, _) => 2,
            (_, FailOn::Never) => 0,
            (Status::Fail, _) => 1,
            (Status::Warn, FailOn::Warn) => 1,
            _ => 0,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a breached check does: `fail` the gate, or only `warn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    #[default]
    Fail,
    Warn,
}

impl Severity {
    /// The status a breached check gets at this severity.
    pub fn breach_status(self) -> Status {
        match self {
            Severity::Fail => Status::Fail,
            Severity::Warn => Status::Warn,
        }
    }
}

/// Which verdict makes the exit code 1: `fail` (default), `warn` (warnings too) or `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FailOn {
    #[default]
    Fail,
    Warn,
    Never,
}

impl std::str::FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fail" => Ok(FailOn::Fail),
            "warn" => Ok(FailOn::Warn),
            "never" => Ok(FailOn::Never),
            other => Err(format!("expected fail, warn or never, found {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_status_folds_skipped_and_nodata_into_pass() {
        assert_eq!(Status::worst([]), Status::Pass);
        assert_eq!(Status::worst([Status::Skipped, Status::Nodata]), Status::Pass);
        assert_eq!(Status::worst([Status::Pass, Status::Warn]), Status::Warn);
        assert_eq!(Status::worst([Status::Fail, Status::Warn]), Status::Fail);
        assert_eq!(Status::worst([Status::Fail, Status::Error]), Status::Error);
    }

    #[test]
    fn exit_codes_follow_fail_on() {
        let table = [
            (Status::Pass, FailOn::Fail, 0),
            (Status::Warn, FailOn::Fail, 0),
            (Status::Warn, FailOn::Warn, 1),
            (Status::Fail, FailOn::Fail, 1),
            (Status::Fail, FailOn::Warn, 1),
            (Status::Fail, FailOn::Never, 0),
            (Status::Warn, FailOn::Never, 0),
            (Status::Error, FailOn::Never, 2),
            (Status::Error, FailOn::Fail, 2),
        ];
        for (status, fail_on, code) in table {
            assert_eq!(status.exit_code(fail_on), code, "{status} with fail_on {fail_on:?}");
        }
    }
}
