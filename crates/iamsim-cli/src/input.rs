//! Getting scenarios in: a file or standard input (read whole when small,
//! streamed one scenario at a time when big), or one scenario built from the
//! command line's flags.

use iamsim::diagnostic::DiagnosticId;
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Mutex;

use iamsim::diagnostic::LoadError;
use iamsim::scenario::LoadOptions;
use iamsim::scenario::{ContextEntry, PolicyText, RequestText, ScenarioText};
use iamsim::PolicyType;
use iamsim::{Diagnostic, Scenario, ScenarioFile, Source, Span};

use crate::args::FlagScenario;
use crate::stream::{ArrayStream, Element};

/// Input up to this size is read whole, and a problem anywhere in it is
/// reported before any result is printed; a bigger array is streamed.
const READ_WHOLE: usize = 8 << 20;

/// Why there is nothing to evaluate.
#[derive(Debug)]
pub enum InputError {
    /// A file could not be read.
    Unreadable(String),
    /// The flags do not make a scenario.
    Arguments(String),
    /// The text was read but is not a valid scenario.
    Load(LoadError),
}

/// The scenarios to evaluate: a file split into its scenarios, each loaded
/// when its turn comes (on any thread), scenarios already loaded, or a big
/// array streamed, each scenario read as its turn comes.
pub enum Scenarios {
    Split(ScenarioFile),
    /// Loaded, and whether the text held an array of them.
    Loaded(Vec<Scenario>, bool),
    /// The input's name, and the stream until [`Scenarios::items`] takes it.
    Streamed(String, Mutex<Option<Stream>>),
}

/// A big array's elements, read as the workers need them.
pub type Stream = ArrayStream<Box<dyn BufRead + Send>>;

/// What the workers are handed of each scenario: its index in a text held
/// whole, or its text read from the stream.
pub enum Item {
    Index(usize),
    Text(Element),
}

/// Why a scenario is not evaluated.
pub enum Unloaded {
    /// See [`Scenarios::problems`].
    Invalid,
    /// A streamed scenario's own errors.
    Load(LoadError),
}

impl Scenarios {
    /// How many scenarios, when that is known before they are read.
    pub fn len(&self) -> Option<usize> {
        match self {
            Scenarios::Split(file) => Some(file.len()),
            Scenarios::Loaded(scenarios, _) => Some(scenarios.len()),
            Scenarios::Streamed(..) => None,
        }
    }

    /// Every scenario, in order, for [`Scenarios::get`]; for a stream, once.
    pub fn items(&mut self) -> Box<dyn Iterator<Item = Result<Item, InputError>> + Send> {
        let indices = |len: usize| Box::new((0..len).map(|index| Ok(Item::Index(index))));
        match self {
            Scenarios::Split(file) => indices(file.len()),
            Scenarios::Loaded(scenarios, _) => indices(scenarios.len()),
            Scenarios::Streamed(_, stream) => match stream.get_mut().ok().and_then(Option::take) {
                Some(stream) => Box::new(stream.map(|element| element.map(Item::Text))),
                None => Box::new(std::iter::empty()),
            },
        }
    }

    /// Whether the input was an array (the JSON output answers an array
    /// with an array, an object with an object).
    pub fn is_array(&self) -> bool {
        match self {
            Scenarios::Split(file) => file.is_array,
            Scenarios::Loaded(_, is_array) => *is_array,
            Scenarios::Streamed(..) => true,
        }
    }

    /// The scenario of `item`, or why it is not evaluated.
    pub fn get(&self, item: Item) -> Result<Cow<'_, Scenario>, Unloaded> {
        match (self, item) {
            (Scenarios::Split(file), Item::Index(index)) => {
                file.load(index).map(Cow::Owned).ok_or(Unloaded::Invalid)
            }
            (Scenarios::Loaded(scenarios, _), Item::Index(index)) => scenarios
                .get(index)
                .map(Cow::Borrowed)
                .ok_or(Unloaded::Invalid),
            (Scenarios::Streamed(name, _), Item::Text(element)) => {
                let source = Source::cut_from(name.as_str(), element.text, element.origin);
                iamsim::scenario::load_scenario_source(
                    source,
                    iamsim::scenario::LoadOptions::default(),
                )
                .map(Cow::Owned)
                .map_err(Unloaded::Load)
            }
            _ => Err(Unloaded::Invalid),
        }
    }

    /// Every problem of the input.
    pub fn problems(&self) -> InputError {
        match self {
            Scenarios::Split(file) => InputError::Load(file.problems()),
            Scenarios::Loaded(..) | Scenarios::Streamed(..) => InputError::Load(LoadError {
                sources: Vec::new(),
                diagnostics: Vec::new(),
            }),
        }
    }
}

/// Opens `path` (`-` for standard input): read whole up to [`READ_WHOLE`]
/// bytes and loaded by [`load_file`]; an array bigger than that is streamed.
/// A draft is read whole.
pub fn open(path: &Path, options: LoadOptions) -> Result<Scenarios, InputError> {
    let name = display_name(path);
    let unreadable =
        |e: std::io::Error| InputError::Unreadable(format!("cannot read `{name}`: {e}"));
    let reader: Box<dyn Read + Send> = if path == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(unreadable)?)
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut head = Vec::new();
    (&mut reader)
        .take(READ_WHOLE as u64 + 1)
        .read_to_end(&mut head)
        .map_err(unreadable)?;
    let is_array = head.iter().find(|b| !b" \t\r\n\xef\xbb\xbf".contains(b)) == Some(&b'[');
    if head.len() <= READ_WHOLE || !is_array || options.draft {
        reader.read_to_end(&mut head).map_err(unreadable)?;
        return load_file(&name, &head, options);
    }
    let rest: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(head).chain(reader));
    let stream = ArrayStream::new(rest, &name);
    Ok(Scenarios::Streamed(name, Mutex::new(Some(stream))))
}

/// Reads `path` (`-` for standard input) whole, as bytes.
pub fn read(path: &Path) -> Result<(String, Vec<u8>), InputError> {
    let name = display_name(path);
    let read = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    let bytes = read.map_err(|e| InputError::Unreadable(format!("cannot read `{name}`: {e}")))?;
    Ok((name, bytes))
}

fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// A scenario file's bytes: one scenario or an array of them. A file that
/// splits into scenarios is loaded scenario by scenario as they are
/// evaluated; any other is loaded whole here, by the loader that reports
/// every problem.
/// A draft is loaded whole.
pub fn load_file(name: &str, bytes: &[u8], options: LoadOptions) -> Result<Scenarios, InputError> {
    let file = std::str::from_utf8(bytes)
        .ok()
        .filter(|_| !options.draft)
        .and_then(|text| ScenarioFile::split(text, name));
    if let Some(file) = file {
        return Ok(Scenarios::Split(file));
    }
    let scenarios = iamsim::scenario::load_scenarios_bytes_with(bytes, name, options)
        .map_err(InputError::Load)?;
    let is_array = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    Ok(Scenarios::Loaded(scenarios, is_array))
}

/// The text of a policy file, or a diagnostic at the first byte that is not
/// UTF-8 (AWS takes policies as UTF-8 text).
fn utf8<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, LoadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        // The text shown is the valid prefix, the span at its end (as the
        // core's loader does): a span on a lossy replacement character
        // would cut it, and the renderer panicked on that.
        let valid = bytes
            .get(..at)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default();
        let diagnostic = Diagnostic::error(
            DiagnosticId::InvalidUtf8,
            format!("the file is not UTF-8: invalid byte at offset {at}"),
            Span::empty_at(at),
        )
        .with_help("save the file as UTF-8 (JSON text is UTF-8)");
        LoadError {
            sources: vec![Source::new(name, valid)],
            diagnostics: vec![diagnostic],
        }
    })
}

/// What diagnostics call the scenario the flags build.
const FLAGS_NAME: &str = "<command line>";

/// Builds one scenario from the flags. Each policy's document is the file's
/// text and its name is the file's, so that diagnostics point at
/// `FILE:LINE:COLUMN` in the file itself.
pub fn load_flags(flags: &FlagScenario, options: LoadOptions) -> Result<Scenarios, InputError> {
    // A problem with the request (`--principal x`, a context key given
    // twice) is shown in the scenario's JSON, where the flag's value stands out.
    let scenario = scenario_text(flags)?
        .load_placed(FLAGS_NAME, options)
        .map_err(InputError::Load)?;
    Ok(Scenarios::Loaded(vec![scenario], false))
}

fn scenario_text(flags: &FlagScenario) -> Result<ScenarioText, InputError> {
    let (Some(principal), Some(action)) = (&flags.principal, &flags.action) else {
        return Err(InputError::Arguments(
            "give a scenario FILE, or --principal and --action (see `iamsim eval --help`)"
                .to_owned(),
        ));
    };
    let mut scenario = ScenarioText {
        request: RequestText {
            principal: principal.clone(),
            action: action.clone(),
            resource: flags.resource.clone().unwrap_or_else(|| "*".to_owned()),
            resource_account: flags.resource_account.clone(),
            context: context(&flags.context)?,
        },
        ..ScenarioText::default()
    };
    let single = [
        (PolicyType::Resource, &flags.resource_policy),
        (PolicyType::PermissionsBoundary, &flags.boundary),
        (PolicyType::Session, &flags.session_policy),
        (PolicyType::VpcEndpoint, &flags.vpc_endpoint_policy),
    ];
    let lists = [
        (PolicyType::Identity, &flags.identity),
        (PolicyType::Scp, &flags.scp),
        (PolicyType::Rcp, &flags.rcp),
    ];
    let paths = single
        .into_iter()
        .flat_map(|(kind, path)| path.iter().map(move |p| (kind, p)))
        .chain(
            lists
                .into_iter()
                .flat_map(|(kind, paths)| paths.iter().map(move |p| (kind, p))),
        );
    for (kind, path) in paths {
        scenario.add_policy(kind, policy(path)?);
    }
    Ok(scenario)
}

/// The policy in the file at `path`, named after the file.
pub fn policy(path: &Path) -> Result<PolicyText, InputError> {
    let (name, bytes) = read(path)?;
    let document = utf8(&name, &bytes).map_err(InputError::Load)?.to_owned();
    Ok(PolicyText {
        name,
        document,
        ..PolicyText::default()
    })
}

/// `KEY=VALUE` pairs to the scenario's context: a repeated key gathers its
/// values into a list; a value written as a JSON array is a list as is.
fn context(pairs: &[String]) -> Result<Vec<ContextEntry>, InputError> {
    let mut context: Vec<ContextEntry> = Vec::new();
    for pair in pairs {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(InputError::Arguments(format!(
                "--context `{pair}`: write it as KEY=VALUE"
            )));
        };
        let (values, multi) = if value.starts_with('[') {
            let list: Vec<String> = serde_json::from_str(value).map_err(|e| {
                InputError::Arguments(format!(
                    "--context `{pair}`: not a JSON array of strings: {e}"
                ))
            })?;
            (list, true)
        } else {
            (vec![value.to_owned()], false)
        };
        match context.iter_mut().find(|e| e.key == key) {
            Some(entry) => {
                entry.values.extend(values);
                entry.multi = true;
            }
            None => context.push(ContextEntry {
                key: key.to_owned(),
                values,
                multi,
            }),
        }
    }
    Ok(context)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The context written as the scenario's JSON.
    fn ctx(pairs: &[&str]) -> serde_json::Value {
        let pairs: Vec<String> = pairs.iter().map(|s| (*s).to_owned()).collect();
        let scenario = ScenarioText {
            request: RequestText {
                context: context(&pairs).unwrap(),
                ..RequestText::default()
            },
            ..ScenarioText::default()
        };
        let json: serde_json::Value = serde_json::from_str(&scenario.to_json()).unwrap();
        json["request"]["context"].clone()
    }

    #[test]
    fn repeated_context_keys_make_a_list() {
        assert_eq!(
            ctx(&["aws:SourceIp=10.0.0.1"]),
            json!({ "aws:SourceIp": "10.0.0.1" })
        );
        assert_eq!(ctx(&["k=a", "k=b", "k=c"]), json!({ "k": ["a", "b", "c"] }));
        assert_eq!(ctx(&["k=[\"a\",\"b\"]"]), json!({ "k": ["a", "b"] }));
        assert_eq!(ctx(&["k=[]"]), json!({ "k": [] }));
        // Only the first `=` separates: values may hold `=`.
        assert_eq!(ctx(&["k=a=b"]), json!({ "k": "a=b" }));
    }

    #[test]
    fn a_context_pair_without_equals_is_an_error() {
        assert!(context(&["aws:SourceIp".to_owned()]).is_err());
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let err = utf8("p.json", b"{\"a\": \"\xff\"}").unwrap_err();
        let report = &err.reports()[0];
        assert_eq!(
            (report.id, report.line, report.column),
            ("invalid-utf8", 1, 8)
        );
        assert_eq!(report.location, "p.json");
    }
}
