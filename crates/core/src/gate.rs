//! The contract every gate keeps with the engine.
//!
//! A gate is a config type (one entry of `data:`, `metrics:` or `canary:`) that can say what is
//! wrong with itself beyond what the JSON Schema says, which inputs it reads, and how it judges
//! them. Everything it reports points back into its own config entry with a JSON pointer relative
//! to the gate (`/columns/age/min`); the engine adds the gate's place in the file. So the engine
//! runs every kind of gate the same way, and knows none of their fields.

use crate::error::{ConfigProblem, Error};
use crate::inputs::{DeclaredInput, Inputs};
use crate::report::{GateKind, GateReport};
use crate::settings::Settings;

/// One gate of a config.
pub trait Gate {
    /// Its name, unique in the file: the prefix of its check ids.
    fn name(&self) -> &str;

    /// What kind of gate it is.
    fn kind(&self) -> GateKind;

    /// The rules the JSON Schema cannot express that this gate breaks (bounds out of order, a
    /// regular expression that does not compile, ...), with pointers relative to the gate.
    fn validate(&self) -> Vec<ConfigProblem>;

    /// Every input the gate reads, in config order, each with the pointer of the key that
    /// declares it (relative to the gate). A host reads exactly these before a run.
    fn inputs(&self) -> Vec<DeclaredInput>;

    /// Reads its inputs and judges every check. Each check carries the pointer of its
    /// declaration ([`crate::CheckResult::pointer`]). An input that cannot be read or parsed
    /// stops the gate: the run cannot be judged.
    fn evaluate(&self, inputs: &dyn Inputs, settings: &Settings) -> Result<GateReport, SourceError>;
}

/// An input that could not be read or understood, with the pointer (relative to the gate) of
/// the key that named it, so the message can name that line of the config.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceError {
    pub pointer: String,
    pub error: Error,
}

impl SourceError {
    /// `error`, about the input declared at `pointer`.
    pub fn at(pointer: impl Into<String>, error: Error) -> SourceError {
        SourceError {
            pointer: pointer.into(),
            error,
        }
    }
}
