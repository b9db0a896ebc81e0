//! YAML with positions: every node knows its line and column.
//!
//! Config errors must name the line and column of the offending value, and all errors of a file
//! are reported at once after JSON-Schema validation. serde_yaml gives a position only for the
//! first deserialisation error (and is no longer maintained), so mlgate builds its own small
//! tree from yaml-rust2's parser events, resolves scalars with the YAML 1.2 core schema (so
//! `yes` stays a string, as in serde_yaml), and converts that tree to JSON together with an
//! index from JSON pointers back to positions.
//!
//! Limits keep hostile files cheap: nesting depth and the number of nodes after alias expansion
//! ("billion laughs") are bounded.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::number::integer_digits;

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 128;
/// Most nodes accepted in one document, counting every alias expansion.
pub const MAX_NODES: usize = 1_000_000;

/// A position in a YAML file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    fn of(m: &Marker) -> Pos {
        // yaml-rust2 markers count lines from 1 and columns from 0.
        Pos {
            line: m.line(),
            column: m.col() + 1,
        }
    }
}

/// A YAML node and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// The value of a node, with scalars already resolved to their type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer of i64 or u64 (larger ones are floats, as in other YAML readers).
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in file order; duplicate keys are kept here and reported by [`to_json`].
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// How the value is called in messages: "a string", "a mapping", ...
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A file that is not YAML, or is beyond the limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Bounds that keep a hostile document cheap, and how a user raises them (for the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
    /// Said after a limit's error, e.g. ` (--max-yaml-depth raises it)`; empty for none.
    pub depth_hint: &'static str,
    pub nodes_hint: &'static str,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            depth_hint: "",
            nodes_hint: "",
        }
    }
}

/// Parses the single document of `text`. An empty file is a `Null` node at 1:1.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    parse_with(text, Limits::default())
}

/// [`parse`] within other limits.
pub fn parse_with(text: &str, limits: Limits) -> Result<Node, SyntaxError> {
    let mut builder = Builder {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        nodes: 0,
        limits,
    };
    builder.document()
}

struct Builder<'a> {
    parser: Parser<std::str::Chars<'a>>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    limits: Limits,
}

impl Builder<'_> {
    fn next(&mut self) -> Result<(Event, Marker), SyntaxError> {
        self.parser.next_token().map_err(|e| SyntaxError {
            pos: Pos::of(e.marker()),
            message: format!("invalid YAML: {}", e.info()),
        })
    }

    fn document(&mut self) -> Result<Node, SyntaxError> {
        let mut root = None;
        loop {
            let (event, mark) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::DocumentStart => {
                    if root.is_some() {
                        return Err(SyntaxError {
                            pos: Pos::of(&mark),
                            message: "more than one YAML document; expected exactly one".into(),
                        });
                    }
                    let (event, mark) = self.next()?;
                    root = Some(self.node(event, mark, 0)?);
                }
                Event::StreamEnd => break,
                _ => {
                    return Err(SyntaxError {
                        pos: Pos::of(&mark),
                        message: "unexpected YAML event".into(),
                    });
                }
            }
        }
        Ok(root.unwrap_or(Node {
            value: Value::Null,
            pos: Pos { line: 1, column: 1 },
        }))
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), SyntaxError> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(SyntaxError {
                pos,
                message: format!(
                    "the document expands to more than {} nodes (aliases included){}; expected a small config",
                    self.limits.max_nodes, self.limits.nodes_hint
                ),
            });
        }
        Ok(())
    }

    /// Long on purpose: one arm per event of the YAML parser, each short.
    #[allow(clippy::too_many_lines, reason = "one arm per event of the YAML parser, each short")]
    fn node(&mut self, event: Event, mark: Marker, depth: usize) -> Result<Node, SyntaxError> {
        let pos = Pos::of(&mark);
        if depth > self.limits.max_depth {
            return Err(SyntaxError {
                pos,
                message: format!(
                    "nested deeper than {} levels{}",
                    self.limits.max_depth, self.limits.depth_hint
                ),
            });
        }
        self.count(1, pos)?;
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => (
                Node {
                    value: resolve_scalar(text, style, tag.as_ref()),
                    pos,
                },
                anchor,
            ),
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (event, mark) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, mark, depth + 1)?);
                }
                (
                    Node {
                        value: Value::Seq(items),
                        pos,
                    },
                    anchor,
                )
            }
            Event::MappingStart(anchor, _) => {
                let mut entries = Vec::new();
                loop {
                    let (event, mark) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(event, mark, depth + 1)?;
                    let (event, mark) = self.next()?;
                    let value = self.node(event, mark, depth + 1)?;
                    entries.push((key, value));
                }
                // A block mapping's start event is marked at its first `:`; the mapping
                // starts at its first key (a flow mapping's `{` comes earlier and is kept).
                let start = match entries.first() {
                    Some((k, _)) if (k.pos.line, k.pos.column) < (pos.line, pos.column) => k.pos,
                    _ => pos,
                };
                (
                    Node {
                        value: Value::Map(entries),
                        pos: start,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id).cloned() else {
                    return Err(SyntaxError {
                        pos,
                        message: "alias to an unknown anchor".into(),
                    });
                };
                self.count(size(&target), pos)?;
                // The alias stands where it is written: errors inside it point at the alias.
                return Ok(Node {
                    value: target.value,
                    pos,
                });
            }
            _ => {
                return Err(SyntaxError {
                    pos,
                    message: "unexpected YAML event".into(),
                });
            }
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

fn size(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(size).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|(k, v)| size(k) + size(v)).sum::<usize>(),
        _ => 1,
    }
}

/// YAML 1.2 core schema resolution of a scalar; quoted scalars and `!!str` stay strings.
fn resolve_scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag
        && (tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:")
        && tag.suffix == "str"
    {
        return Value::Str(text);
    }
    if style != TScalarStyle::Plain {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(v) = parse_int(&text) {
        return v;
    }
    if is_float_literal(&text)
        && let Ok(f) = text.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::Str(text)
}

fn parse_int(text: &str) -> Option<Value> {
    let radix = |digits: &str, r: u32| i64::from_str_radix(digits, r).ok().map(|i| Value::Int(i.into()));
    if let Some(hex) = text.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return radix(oct, 8);
    }
    integer_digits(text)?;
    // Integers of i64 and u64 stay exact; larger ones are still numbers.
    let exact = text
        .parse::<i64>()
        .map(i128::from)
        .or_else(|_| text.parse::<u64>().map(i128::from));
    Some(exact.map_or_else(|_| Value::Float(text.parse().unwrap_or(f64::NAN)), Value::Int))
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float_literal(text: &str) -> bool {
    let b = text.strip_prefix(['-', '+']).unwrap_or(text).as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == b.len()
}

/// Where a value sits in the file: its own position, the position of its key (for mapping
/// values), and its human path (`metrics[0].thresholds.accuracy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: String,
    pub value: Pos,
    pub key: Option<Pos>,
}

/// JSON pointer (RFC 6901, as jsonschema reports instance paths) -> place in the YAML file.
#[derive(Debug, Clone, Default)]
pub struct PositionIndex {
    places: HashMap<String, Place>,
}

impl PositionIndex {
    /// The place of a pointer, or of its nearest ancestor that exists (a missing key is
    /// reported at the mapping that should hold it).
    pub fn find(&self, pointer: &str) -> Place {
        let mut p = pointer;
        loop {
            if let Some(place) = self.places.get(p) {
                return place.clone();
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => {
                    return Place {
                        path: String::new(),
                        value: Pos { line: 1, column: 1 },
                        key: None,
                    };
                }
            }
        }
    }

    /// Joins a child to a pointer, escaping as RFC 6901 requires.
    pub fn child(pointer: &str, segment: &str) -> String {
        format!("{pointer}/{}", segment.replace('~', "~0").replace('/', "~1"))
    }
}

/// Appends a key to a human path: `a.b`, `a."x.y"`, `a[0]`.
pub fn path_key(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let key = if plain { key.to_string() } else { format!("{key:?}") };
    if path.is_empty() { key } else { format!("{path}.{key}") }
}

/// A problem met while turning YAML into JSON (duplicate keys, non-finite numbers, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionProblem {
    /// JSON pointer of the offending value.
    pub pointer: String,
    pub place: Place,
    pub message: String,
}

/// Converts a YAML tree into JSON plus the index of positions. Problems (duplicate keys,
/// non-scalar keys, NaN or infinite numbers, which JSON cannot hold) are all collected;
/// the offending entries are left out of the JSON.
pub fn to_json(root: &Node) -> (serde_json::Value, PositionIndex, Vec<ConversionProblem>) {
    let mut index = PositionIndex::default();
    let mut problems = Vec::new();
    let value = convert(root, String::new(), String::new(), None, &mut index, &mut problems);
    (value, index, problems)
}

/// Long on purpose: one arm per kind of YAML node, each with the problems it can have.
#[allow(
    clippy::too_many_lines,
    reason = "one arm per kind of YAML node, each with the problems it can have"
)]
fn convert(
    node: &Node,
    pointer: String,
    path: String,
    key: Option<Pos>,
    index: &mut PositionIndex,
    problems: &mut Vec<ConversionProblem>,
) -> serde_json::Value {
    use serde_json::Value as J;
    let place = Place {
        path: path.clone(),
        value: node.pos,
        key,
    };
    index.places.insert(pointer.clone(), place.clone());
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => match (i64::try_from(*i), u64::try_from(*i)) {
            (Ok(v), _) => J::from(v),
            (_, Ok(v)) => J::from(v),
            _ => J::from(*i as f64),
        },
        Value::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(n) => J::Number(n),
            None => {
                problems.push(ConversionProblem {
                    pointer: pointer.clone(),
                    place,
                    message: format!("{} is not allowed here; expected a finite number", yaml_float(*f)),
                });
                J::Null
            }
        },
        Value::Str(s) => J::String(s.clone()),
        Value::Seq(items) => J::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let p = PositionIndex::child(&pointer, &i.to_string());
                    convert(item, p, format!("{path}[{i}]"), None, index, problems)
                })
                .collect(),
        ),
        Value::Map(entries) => {
            let mut map = serde_json::Map::new();
            let mut first_seen: HashMap<String, Pos> = HashMap::new();
            for (k, v) in entries {
                let name = match &k.value {
                    Value::Str(s) => s.clone(),
                    Value::Int(i) => i.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Float(f) => yaml_float(*f),
                    Value::Null => "null".to_string(),
                    other => {
                        problems.push(ConversionProblem {
                            pointer: pointer.clone(),
                            place: Place {
                                path: path.clone(),
                                value: k.pos,
                                key: Some(k.pos),
                            },
                            message: format!("a key is {}; expected a plain name", other.kind()),
                        });
                        continue;
                    }
                };
                let child_path = path_key(&path, &name);
                if let Some(first) = first_seen.get(&name) {
                    problems.push(ConversionProblem {
                        pointer: PositionIndex::child(&pointer, &name),
                        place: Place {
                            path: child_path,
                            value: k.pos,
                            key: Some(k.pos),
                        },
                        message: format!(
                            "duplicate key {name:?} (first at line {}); expected each key once",
                            first.line
                        ),
                    });
                    continue;
                }
                first_seen.insert(name.clone(), k.pos);
                let p = PositionIndex::child(&pointer, &name);
                let value = convert(v, p, child_path, Some(k.pos), index, problems);
                map.insert(name, value);
            }
            J::Object(map)
        }
    }
}

fn yaml_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf".into() } else { "-.inf".into() }
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_resolve_with_the_core_schema() {
        let n = parse("a: 1\nb: 1.5\nc: yes\nd: '1'\ne: ~\nf: true\ng: .inf\nh: 1e3\ni: 0x1F\nj: !!str 7\nk: 1.\n")
            .unwrap();
        let Value::Map(entries) = n.value else {
            panic!("not a map")
        };
        let values: Vec<Value> = entries.into_iter().map(|(_, v)| v.value).collect();
        assert_eq!(
            values,
            vec![
                Value::Int(1),
                Value::Float(1.5),
                Value::Str("yes".into()),
                Value::Str("1".into()),
                Value::Null,
                Value::Bool(true),
                Value::Float(f64::INFINITY),
                Value::Float(1000.0),
                Value::Int(31),
                Value::Str("7".into()),
                Value::Float(1.0),
            ]
        );
    }

    #[test]
    fn positions_point_at_values_and_keys() {
        let text = "version: 1\nmetrics:\n  - name: m\n    thresholds:\n      acc: { min: 0.9 }\n";
        let (json, index, problems) = to_json(&parse(text).unwrap());
        assert!(problems.is_empty());
        assert_eq!(json["metrics"][0]["thresholds"]["acc"]["min"], json!(0.9));
        let place = index.find("/metrics/0/thresholds/acc/min");
        assert_eq!(place.path, "metrics[0].thresholds.acc.min");
        assert_eq!(place.value, Pos { line: 5, column: 19 });
        assert_eq!(place.key, Some(Pos { line: 5, column: 14 }));
        // A missing key is placed at its parent.
        assert_eq!(index.find("/metrics/0/current").path, "metrics[0]");
        assert_eq!(index.find("/metrics/0/current").value, Pos { line: 3, column: 5 });
    }

    #[test]
    fn duplicate_keys_and_non_finite_numbers_are_problems() {
        let (_, _, problems) = to_json(&parse("a: 1\nb: .nan\na: 2\n").unwrap());
        let messages: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}:{} {} {}",
                    p.place.value.line, p.place.value.column, p.place.path, p.message
                )
            })
            .collect();
        assert_eq!(
            messages,
            vec![
                "2:4 b .nan is not allowed here; expected a finite number",
                "3:1 a duplicate key \"a\" (first at line 1); expected each key once",
            ]
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.pos.line >= 1);
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("more than 1000000 nodes"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_stopped() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{}", e.message);
    }

    #[test]
    fn empty_and_multi_document_files() {
        assert_eq!(parse("").unwrap().value, Value::Null);
        assert_eq!(parse("# only a comment\n").unwrap().value, Value::Null);
        assert!(
            parse("a: 1\n---\nb: 2\n")
                .unwrap_err()
                .message
                .contains("more than one")
        );
    }
}
