//! Metric files: from bytes to named numbers.
//!
//! Formats (chosen by extension; a directory is an MLflow run):
//! - JSON, YAML, TOML: a tree addressed by dotted paths (`eval.auc`, `scores.0`); a segment in
//!   double quotes may hold dots (`"val.acc".mean`). JSON as Python's `json.dump` writes it is
//!   accepted: bare `NaN`, `Infinity` and `-Infinity` are read as those numbers (and then fail
//!   their check, as every non-finite metric does).
//! - CSV/TSV: `name,value` rows; the first row is a header when its value is not a number.
//!   Names are looked up as written (no dotted paths).
//! - MLflow run directory: `metrics/<name>` files of `timestamp value step` lines; the value at
//!   the highest step wins, ties broken by the latest timestamp. Names are looked up as written.

use indexmap::IndexMap;
use mlgate_core::names::{nearest, quoted_list};
use mlgate_core::{Error, InputError, Inputs, MLFLOW_RUN_PREFIX, yaml};

use crate::config::split_path;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A metric file, read and parsed.
#[derive(Debug, Clone)]
pub struct MetricFile {
    /// The path as the config named it.
    pub path: String,
    root: Tree,
    /// Flat formats (CSV, MLflow) look names up literally; trees use dotted paths.
    flat: bool,
}

/// What a metric file holds at a name.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// A number (possibly NaN or infinite: the caller decides what that means).
    Number(f64),
    /// Something that is not a number: says what it is (`a string "n/a"`).
    NotNumber(String),
    /// Nothing at that name; `hint` suggests what the user may have meant.
    Missing { hint: Option<String> },
}

#[derive(Debug, Clone, PartialEq)]
enum Tree {
    Number(f64),
    /// A scalar that is not a number, described for messages.
    Other(String),
    Map(IndexMap<String, Tree>),
    List(Vec<Tree>),
}

impl MetricFile {
    /// Reads and parses the metric file at `path`.
    pub fn load(path: &str, inputs: &dyn Inputs) -> Result<MetricFile, Error> {
        if inputs.is_dir(path) {
            return load_mlflow(path, inputs);
        }
        let bytes = inputs.read(path).map_err(|e| read_error(path, e))?;
        if path.starts_with(MLFLOW_RUN_PREFIX) {
            return load_mlflow_answer(path, &bytes);
        }
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let text = |bytes: &[u8]| utf8(path, bytes);
        let (root, flat) = match ext.as_str() {
            "json" => (parse_json(path, &text(&bytes)?)?, false),
            "yaml" | "yml" => (parse_yaml(path, &text(&bytes)?)?, false),
            "toml" => (parse_toml(path, &text(&bytes)?)?, false),
            "csv" => (parse_csv(path, &bytes, b',')?, true),
            "tsv" => (parse_csv(path, &bytes, b'\t')?, true),
            _ => {
                return Err(Error::input(
                    path,
                    "unknown metric file format; expected a .json, .yaml, .yml, .toml, .csv or .tsv file, \
                     or an MLflow run directory",
                ));
            }
        };
        if !flat && !matches!(root, Tree::Map(_)) {
            return Err(Error::input(
                path,
                "the file does not hold a mapping of metrics; expected an object at the top",
            ));
        }
        Ok(MetricFile {
            path: path.to_string(),
            root,
            flat,
        })
    }

    /// The value at `name` (a dotted path for tree formats, a literal name for flat ones).
    pub fn get(&self, name: &str) -> Lookup {
        let found = if self.flat {
            match &self.root {
                Tree::Map(m) => m.get(name),
                _ => None,
            }
        } else {
            match split_path(name) {
                Ok(segments) => walk(&self.root, &segments),
                Err(_) => None,
            }
        };
        match found {
            Some(Tree::Number(x)) => Lookup::Number(*x),
            Some(Tree::Other(what)) => Lookup::NotNumber(what.clone()),
            Some(Tree::Map(_)) => Lookup::NotNumber("a mapping".into()),
            Some(Tree::List(_)) => Lookup::NotNumber("a list".into()),
            None => Lookup::Missing { hint: self.hint(name) },
        }
    }

    /// What the user may have meant: a literal top-level key equal to a dotted name needs
    /// quotes; otherwise the nearest name and the metrics the file does hold.
    fn hint(&self, name: &str) -> Option<String> {
        let Tree::Map(top) = &self.root else {
            return None;
        };
        if !self.flat && name.contains('.') && top.contains_key(name) {
            return Some(format!(
                "the file has a key {name:?} with dots in it: write the name as '\"{name}\"'"
            ));
        }
        let names = self.names();
        if names.is_empty() {
            return Some("the file holds no numbers".into());
        }
        // At most this many are listed; the count says how many more.
        const LISTED: usize = 12;
        let more = match names.len() > LISTED {
            true => format!(" and {} more", names.len() - LISTED),
            false => String::new(),
        };
        Some(format!(
            "{}the file has {}{more}",
            nearest(name, names.iter().map(String::as_str))
                .map_or_else(String::new, |n| format!("did you mean {n:?}? ")),
            quoted_list(names.iter().take(LISTED).map(String::as_str)),
        ))
    }

    /// The names of the file's numbers, as thresholds write them (dotted paths in trees, a
    /// segment holding a dot quoted), in file order.
    pub fn names(&self) -> Vec<String> {
        fn leaves(tree: &Tree, prefix: &str, out: &mut Vec<String>) {
            let join = |segment: &str| {
                let segment = if segment.contains('.') {
                    format!("\"{segment}\"")
                } else {
                    segment.to_string()
                };
                if prefix.is_empty() {
                    segment
                } else {
                    format!("{prefix}.{segment}")
                }
            };
            match tree {
                Tree::Number(_) => out.push(prefix.to_string()),
                Tree::Map(m) => m.iter().for_each(|(k, v)| leaves(v, &join(k), out)),
                Tree::List(items) => items
                    .iter()
                    .enumerate()
                    .for_each(|(i, v)| leaves(v, &join(&i.to_string()), out)),
                Tree::Other(_) => {}
            }
        }
        match (&self.root, self.flat) {
            (Tree::Map(m), true) => m
                .iter()
                .filter(|(_, v)| matches!(v, Tree::Number(_)))
                .map(|(k, _)| k.clone())
                .collect(),
            (root, _) => {
                let mut out = Vec::new();
                leaves(root, "", &mut out);
                out
            }
        }
    }
}

fn walk<'t>(root: &'t Tree, segments: &[String]) -> Option<&'t Tree> {
    let mut cur = root;
    for seg in segments {
        cur = match cur {
            Tree::Map(m) => m.get(seg)?,
            Tree::List(items) => items.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn read_error(path: &str, e: InputError) -> Error {
    let expected = match e {
        InputError::NotFound { .. } => "; expected a metric file at this path, relative to the config's folder",
        InputError::Unreadable(_) => "",
    };
    Error::input(path, format!("cannot read the metric file: {e}{expected}"))
}

fn utf8(path: &str, bytes: &[u8]) -> Result<String, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::input(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {}); expected a text file",
                e.valid_up_to()
            ),
        )
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}

fn describe_scalar(kind: &str, shown: &str) -> String {
    let shown: String = shown.chars().take(40).collect();
    format!("{kind} {shown}")
}

// ---- JSON ----------------------------------------------------------------------------------

/// Python's `json.dump` writes bare NaN/Infinity; they are replaced by marker strings before
/// serde_json sees the text, then turned back into numbers.
const NAN_MARK: &str = "\u{0}mlgate:NaN";
const INF_MARK: &str = "\u{0}mlgate:Infinity";
const NEG_INF_MARK: &str = "\u{0}mlgate:-Infinity";

fn replace_python_specials(text: &str) -> std::borrow::Cow<'_, str> {
    if !(text.contains("NaN") || text.contains("Infinity")) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else {
            let mut replaced = false;
            for (token, mark) in [("-Infinity", NEG_INF_MARK), ("Infinity", INF_MARK), ("NaN", NAN_MARK)] {
                if rest.starts_with(token) {
                    // Keep columns of later errors right: the marker is quoted, but error
                    // positions in files with specials may shift by a few columns.
                    out.push('"');
                    out.push_str(&mark.replace('\u{0}', "\\u0000"));
                    out.push('"');
                    rest = &rest[token.len()..];
                    replaced = true;
                    break;
                }
            }
            if replaced {
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.into()
}

fn parse_json(path: &str, text: &str) -> Result<Tree, Error> {
    let prepared = replace_python_specials(text);
    let tree: JsonTree =
        serde_json::from_str(&prepared).map_err(|e| Error::invalid_json(path, &e, "a JSON object of metrics"))?;
    Ok(tree.0)
}

/// A JSON document read straight into a [`Tree`], refusing a key written twice in one object:
/// serde_json's own `Value` keeps the last silently, and a file saying `accuracy` twice is
/// ambiguous (the error names its line and column).
struct JsonTree(Tree);

impl<'de> Deserialize<'de> for JsonTree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<JsonTree, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(JsonTree)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Tree, E> {
        Ok(Tree::Other(describe_scalar("a boolean", &b.to_string())))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Tree, E> {
        Ok(Tree::Number(n as f64))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Tree, E> {
        Ok(Tree::Number(n as f64))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Tree, E> {
        Ok(Tree::Number(x))
    }

    fn visit_str<E>(self, s: &str) -> Result<Tree, E> {
        Ok(match s {
            NAN_MARK => Tree::Number(f64::NAN),
            INF_MARK => Tree::Number(f64::INFINITY),
            NEG_INF_MARK => Tree::Number(f64::NEG_INFINITY),
            _ => Tree::Other(describe_scalar("a string", &format!("{s:?}"))),
        })
    }

    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Other("null".into()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(JsonTree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = IndexMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if entries.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("duplicate key {key:?}")));
            }
            let JsonTree(value) = map.next_value()?;
            entries.insert(key, value);
        }
        Ok(Tree::Map(entries))
    }
}

// ---- YAML ----------------------------------------------------------------------------------

fn parse_yaml(path: &str, text: &str) -> Result<Tree, Error> {
    let error = |pos: yaml::Pos, message: String| Error::Input {
        file: path.to_string(),
        position: Some((pos.line, pos.column)),
        message: format!("{message}; expected a YAML mapping of metrics"),
        declared_at: None,
    };
    let node = yaml::parse(text).map_err(|e| error(e.pos, e.message))?;
    from_yaml(&node).map_err(|(pos, message)| error(pos, message))
}

/// The tree of a YAML document; a key written twice in one mapping, or a key that is not a
/// scalar, is an error at that key (never a silent pick or drop).
fn from_yaml(node: &yaml::Node) -> Result<Tree, (yaml::Pos, String)> {
    use yaml::Value as Y;
    Ok(match &node.value {
        Y::Int(i) => Tree::Number(*i as f64),
        Y::Float(f) => Tree::Number(*f),
        Y::Str(s) => Tree::Other(describe_scalar("a string", &format!("{s:?}"))),
        Y::Bool(b) => Tree::Other(describe_scalar("a boolean", &b.to_string())),
        Y::Null => Tree::Other("null".into()),
        Y::Seq(items) => Tree::List(items.iter().map(from_yaml).collect::<Result<_, _>>()?),
        Y::Map(entries) => {
            let mut map: IndexMap<String, (Tree, usize)> = IndexMap::new();
            for (k, v) in entries {
                let key = match &k.value {
                    Y::Str(s) => s.clone(),
                    Y::Int(i) => i.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Float(f) => f.to_string(),
                    other => return Err((k.pos, format!("a key that is {}", other.kind()))),
                };
                if let Some((_, first)) = map.get(&key) {
                    return Err((k.pos, format!("duplicate key {key:?} (first at line {first})")));
                }
                map.insert(key, (from_yaml(v)?, k.pos.line));
            }
            Tree::Map(map.into_iter().map(|(k, (v, _))| (k, v)).collect())
        }
    })
}

// ---- TOML ----------------------------------------------------------------------------------

fn parse_toml(path: &str, text: &str) -> Result<Tree, Error> {
    let value: toml::Table = toml::from_str(text).map_err(|e| Error::Input {
        file: path.to_string(),
        position: e.span().map(|s| line_col(text, s.start)),
        message: format!(
            "invalid TOML: {}; expected a TOML table of metrics",
            e.message().trim_end()
        ),
        declared_at: None,
    })?;
    Ok(Tree::Map(
        value.iter().map(|(k, v)| (k.clone(), from_toml(v))).collect(),
    ))
}

fn from_toml(v: &toml::Value) -> Tree {
    use toml::Value as T;
    match v {
        T::Integer(i) => Tree::Number(*i as f64),
        T::Float(f) => Tree::Number(*f),
        T::String(s) => Tree::Other(describe_scalar("a string", &format!("{s:?}"))),
        T::Boolean(b) => Tree::Other(describe_scalar("a boolean", &b.to_string())),
        T::Datetime(d) => Tree::Other(describe_scalar("a date", &d.to_string())),
        T::Array(items) => Tree::List(items.iter().map(from_toml).collect()),
        T::Table(t) => Tree::Map(t.iter().map(|(k, v)| (k.clone(), from_toml(v))).collect()),
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

// ---- CSV -----------------------------------------------------------------------------------

fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    // Rust parses "nan", "inf", "infinity" in any case, as Python and pandas write them.
    s.parse::<f64>().ok()
}

fn parse_csv(path: &str, bytes: &[u8], delimiter: u8) -> Result<Tree, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let mut metrics: IndexMap<String, Tree> = IndexMap::new();
    let mut first_line: IndexMap<String, u64> = IndexMap::new();
    for (i, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            Error::Input {
                file: path.to_string(),
                position: line.map(|l| (l, 1)),
                message: format!("invalid CSV: {e}; expected `name,value` rows"),
                declared_at: None,
            }
        })?;
        let line = record.position().map_or(i as u64 + 1, csv::Position::line);
        let at = |message: String| Error::Input {
            file: path.to_string(),
            position: Some((line as usize, 1)),
            message,
            declared_at: None,
        };
        if record.len() == 1 && record.get(0).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank line
        }
        if record.len() != 2 {
            return Err(at(format!(
                "{} fields in a row; expected 2 (`name,value`)",
                record.len()
            )));
        }
        let field = |j: usize| {
            std::str::from_utf8(record.get(j).unwrap_or_default())
                .map(|s| s.trim().to_string())
                .map_err(|_| at("not UTF-8 text; expected a text file".into()))
        };
        let (name, value) = (field(0)?, field(1)?);
        let name = if i == 0 {
            name.trim_start_matches('\u{feff}').to_string()
        } else {
            name
        };
        if i == 0 && parse_number(&value).is_none() {
            continue; // header row, such as `name,value`
        }
        if name.is_empty() {
            return Err(at("a row without a metric name; expected `name,value`".into()));
        }
        if let Some(first) = first_line.get(&name) {
            return Err(at(format!(
                "metric {name:?} appears twice (first at line {first}); expected each name once"
            )));
        }
        first_line.insert(name.clone(), line);
        let tree = match parse_number(&value) {
            Some(x) => Tree::Number(x),
            None => Tree::Other(describe_scalar("a string", &format!("{value:?}"))),
        };
        metrics.insert(name, tree);
    }
    if metrics.is_empty() {
        return Err(Error::input(path, "no metrics in the file; expected `name,value` rows"));
    }
    Ok(Tree::Map(metrics))
}

// ---- MLflow --------------------------------------------------------------------------------

fn load_mlflow(dir: &str, inputs: &dyn Inputs) -> Result<MetricFile, Error> {
    let metrics_dir = format!("{}/metrics", dir.trim_end_matches('/'));
    if !inputs.is_dir(&metrics_dir) {
        return Err(Error::input(
            dir,
            "a directory without a `metrics/` folder; expected an MLflow run directory (mlruns/<experiment>/<run>)",
        ));
    }
    let names = inputs
        .list_files(&metrics_dir)
        .map_err(|e| read_error(&metrics_dir, e))?;
    let mut metrics = IndexMap::new();
    for name in names {
        let file = format!("{metrics_dir}/{name}");
        let bytes = inputs.read(&file).map_err(|e| read_error(&file, e))?;
        let text = utf8(&file, &bytes)?;
        metrics.insert(name, latest_mlflow_value(&file, &text)?);
    }
    Ok(MetricFile {
        path: dir.to_string(),
        root: Tree::Map(metrics),
        flat: true,
    })
}

/// A run's metrics from an MLflow server's `runs/get` answer: MLflow's latest value of each
/// (the value at the highest step; among equal steps, the latest logged), as for a run directory.
fn load_mlflow_answer(path: &str, bytes: &[u8]) -> Result<MetricFile, Error> {
    let answer: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::input(path, format!("MLflow's answer about the run is not JSON: {e}")))?;
    let mut metrics = IndexMap::new();
    let listed = answer.pointer("/run/data/metrics").and_then(|m| m.as_array());
    for metric in listed.into_iter().flatten() {
        let (Some(key), Some(value)) = (metric.get("key").and_then(|k| k.as_str()), metric.get("value")) else {
            continue;
        };
        // MLflow writes NaN and the infinities as strings.
        let value = match value {
            serde_json::Value::Number(n) => n.as_f64().map(Tree::Number),
            serde_json::Value::String(s) => parse_number(s).map(Tree::Number),
            _ => None,
        };
        metrics.insert(
            key.to_string(),
            value.unwrap_or_else(|| Tree::Other("not a number".into())),
        );
    }
    Ok(MetricFile {
        path: path.trim_start_matches(MLFLOW_RUN_PREFIX).to_string(),
        root: Tree::Map(metrics),
        flat: true,
    })
}

/// The value at the highest step; among equal steps, the latest timestamp.
fn latest_mlflow_value(file: &str, text: &str) -> Result<Tree, Error> {
    let mut best: Option<((i64, i64), f64)> = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let bad = || Error::Input {
            file: file.to_string(),
            position: Some((i + 1, 1)),
            message: format!("{line:?} is not `timestamp value step`; expected an MLflow metric history line"),
            declared_at: None,
        };
        let (ts, value, step) = match fields.as_slice() {
            [ts, value] => (
                ts.parse::<i64>().map_err(|_| bad())?,
                parse_number(value).ok_or_else(bad)?,
                0,
            ),
            [ts, value, step] => (
                ts.parse::<i64>().map_err(|_| bad())?,
                parse_number(value).ok_or_else(bad)?,
                step.parse::<i64>().map_err(|_| bad())?,
            ),
            _ => return Err(bad()),
        };
        if best.is_none_or(|(key, _)| (step, ts) >= key) {
            best = Some(((step, ts), value));
        }
    }
    best.map(|(_, v)| Tree::Number(v))
        .ok_or_else(|| Error::input(file, "no values in the MLflow metric file"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mlgate_core::MemoryInputs;

    fn load(path: &str, content: &str) -> Result<MetricFile, Error> {
        let mut m = MemoryInputs::new();
        m.insert(path, content.as_bytes().to_vec());
        MetricFile::load(path, &m)
    }

    #[test]
    fn dotted_paths_reach_into_json_yaml_and_toml() {
        let json = load(
            "m.json",
            r#"{"eval": {"auc": 0.93, "v2.1": {"f1": 0.8}}, "scores": [0.1, 0.2]}"#,
        )
        .unwrap();
        assert_eq!(json.get("eval.auc"), Lookup::Number(0.93));
        assert_eq!(json.get(r#"eval."v2.1".f1"#), Lookup::Number(0.8));
        assert_eq!(json.get("scores.1"), Lookup::Number(0.2));
        assert_eq!(json.get("eval"), Lookup::NotNumber("a mapping".into()));
        let yaml = load("m.yaml", "eval:\n  auc: 0.93\nname: x\n").unwrap();
        assert_eq!(yaml.get("eval.auc"), Lookup::Number(0.93));
        assert_eq!(yaml.get("name"), Lookup::NotNumber("a string \"x\"".into()));
        let toml = load("m.toml", "[eval]\nauc = 0.93\nn = 3\n").unwrap();
        assert_eq!(toml.get("eval.auc"), Lookup::Number(0.93));
        assert_eq!(toml.get("eval.n"), Lookup::Number(3.0));
    }

    #[test]
    fn python_json_specials_are_numbers() {
        let f = load(
            "m.json",
            r#"{"a": NaN, "b": Infinity, "c": -Infinity, "d": "NaN in a string"}"#,
        )
        .unwrap();
        assert!(matches!(f.get("a"), Lookup::Number(x) if x.is_nan()));
        assert_eq!(f.get("b"), Lookup::Number(f64::INFINITY));
        assert_eq!(f.get("c"), Lookup::Number(f64::NEG_INFINITY));
        assert_eq!(f.get("d"), Lookup::NotNumber("a string \"NaN in a string\"".into()));
    }

    #[test]
    fn flat_keys_with_dots_get_a_hint() {
        let f = load("m.json", r#"{"eval.auc": 0.9}"#).unwrap();
        assert_eq!(f.get("\"eval.auc\""), Lookup::Number(0.9));
        let Lookup::Missing { hint: Some(hint) } = f.get("eval.auc") else {
            panic!("expected a hint")
        };
        assert!(hint.contains("'\"eval.auc\"'"), "{hint}");
    }

    #[test]
    fn csv_with_and_without_header() {
        let f = load("m.csv", "name,value\naccuracy,0.91\nval.loss,0.3\n").unwrap();
        assert_eq!(f.get("accuracy"), Lookup::Number(0.91));
        assert_eq!(f.get("val.loss"), Lookup::Number(0.3));
        let f = load("m.csv", "accuracy,0.91\nf1,nan\n").unwrap();
        assert_eq!(f.get("accuracy"), Lookup::Number(0.91));
        assert!(matches!(f.get("f1"), Lookup::Number(x) if x.is_nan()));
        let e = load("m.csv", "a,1\nb,2,3\n").unwrap_err();
        assert_eq!(e.to_string(), "m.csv:2:1: 3 fields in a row; expected 2 (`name,value`)");
        let e = load("m.csv", "a,1\na,2\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.csv:2:1: metric \"a\" appears twice (first at line 1); expected each name once"
        );
    }

    #[test]
    fn mlflow_takes_the_highest_step_then_the_latest_timestamp() {
        let mut m = MemoryInputs::new();
        m.insert(
            "run/metrics/accuracy",
            b"100 0.80 0\n200 0.85 1\n150 0.70 2\n300 0.90 2\n".to_vec(),
        )
        .insert("run/metrics/val/loss", b"100 0.5 0\n".to_vec())
        .insert("run/params/lr", b"0.1".to_vec());
        let f = MetricFile::load("run", &m).unwrap();
        assert_eq!(f.get("accuracy"), Lookup::Number(0.90));
        assert_eq!(f.get("val/loss"), Lookup::Number(0.5));
        m.insert("bad/metrics/x", b"100 abc 0\n".to_vec());
        let e = MetricFile::load("bad", &m).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad/metrics/x:1:1: \"100 abc 0\" is not `timestamp value step`; expected an MLflow metric history line"
        );
    }

    #[test]
    fn malformed_files_name_file_line_and_column() {
        let e = load("m.json", "{\"a\": 1,\n \"b\": }").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.json:2:7: invalid JSON: expected value; expected a JSON object of metrics"
        );
        let e = load("m.toml", "a = 1\nb = \n").unwrap_err();
        assert!(e.to_string().starts_with("m.toml:2:"), "{e}");
        let e = load("m.json", "[1, 2]").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.json: the file does not hold a mapping of metrics; expected an object at the top"
        );
        let e = load("m.txt", "a").unwrap_err();
        assert!(e.to_string().starts_with("m.txt: unknown metric file format"), "{e}");
        let mut m = MemoryInputs::new();
        m.insert("bin.json", vec![b'{', 0xff, b'}']);
        let e = MetricFile::load("bin.json", &m).unwrap_err();
        assert_eq!(
            e.to_string(),
            "bin.json: not UTF-8 text (invalid byte at offset 1); expected a text file"
        );
        let e = MetricFile::load("missing.json", &m).unwrap_err();
        assert_eq!(
            e.to_string(),
            "missing.json: cannot read the metric file: no such file or directory; expected a metric file at this path, relative to the config's folder"
        );
    }

    #[test]
    fn metric_paths_split_with_quotes() {
        assert_eq!(split_path("a.b").unwrap(), vec!["a", "b"]);
        assert_eq!(split_path("\"a.b\".c").unwrap(), vec!["a.b", "c"]);
        assert_eq!(split_path("\"a.b\"").unwrap(), vec!["a.b"]);
        assert!(split_path("a..b").is_err());
        assert!(split_path("\"a").is_err());
        assert!(split_path("a.").is_err());
    }
}
