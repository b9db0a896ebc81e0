//! The end-to-end test package of mlgate. Its tests live in `tests/` and run the real
//! `mlgate` binary; this empty library only gives the package the target Cargo requires.
