//! Placeholder lib so the end-to-end test package builds; its tests live in tests/.
