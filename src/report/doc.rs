//! The panel paper as a document model, built once ([`super::paper`]) and
//! laid out by each renderer (Markdown, HTML, PDF), so the three say the same
//! thing in the same order. Text is unescaped; each renderer escapes it.

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Body text.
    Plain,
    /// Emphasis: a proposal, a name that matters.
    Bold,
    /// Small grey type: ids, URNs, notes.
    Small,
    /// A warning in words (over the 20-day aim, unplaced).
    Warn,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Its style.
    pub style: Style,
}

/// A line or paragraph: runs of text.
pub type Text = Vec<Span>;

/// Plain text.
pub fn plain(s: impl Into<String>) -> Span {
    Span {
        text: s.into(),
        style: Style::Plain,
    }
}

/// Bold text.
pub fn bold(s: impl Into<String>) -> Span {
    Span {
        text: s.into(),
        style: Style::Bold,
    }
}

/// Small type.
pub fn small(s: impl Into<String>) -> Span {
    Span {
        text: s.into(),
        style: Style::Small,
    }
}

/// A warning.
pub fn warn(s: impl Into<String>) -> Span {
    Span {
        text: s.into(),
        style: Style::Warn,
    }
}

/// The text of runs without styles (for tests and plain outputs).
pub fn flat(t: &[Span]) -> String {
    t.iter().map(|s| s.text.as_str()).collect()
}

/// A table: headings (numeric columns right-aligned), cells, marked rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column headings and whether the column is numeric.
    pub head: Vec<(String, bool)>,
    /// One entry per row, one [`Text`] per column.
    pub rows: Vec<Vec<Text>>,
    /// Rows to mark (a school clearly over its fair share).
    pub marked: Vec<bool>,
    /// Relative column widths for paged output (sum need not be 1).
    pub widths: Vec<f64>,
}

impl Table {
    /// A table with no marked rows: headings (label, numeric), rows, and
    /// relative column widths.
    pub fn unmarked<S: Into<String>>(
        head: impl IntoIterator<Item = (S, bool)>,
        rows: Vec<Vec<Text>>,
        widths: Vec<f64>,
    ) -> Table {
        Table {
            head: head.into_iter().map(|(h, n)| (h.into(), n)).collect(),
            marked: vec![false; rows.len()],
            rows,
            widths,
        }
    }
}

/// A piece of the paper.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 (title) to 3.
    Heading(u8, String),
    /// A paragraph.
    Para(Text),
    /// A bulleted list.
    List(Vec<Text>),
    /// A table.
    Table(Table),
    /// A pupil's card: an anchor id, and blocks kept together on one page.
    Card(String, Vec<Block>),
    /// A chart or map for the HTML pack only (inline SVG).
    Figure(String, String),
    /// Start a new page when printed.
    PageBreak,
    /// Everything after this is for the coordinator, not the panel.
    CoordinatorOnly,
}

/// The header every page carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The local authority.
    pub authority: String,
    /// The meeting date as written by the coordinator.
    pub meeting_date: String,
    /// The round's name.
    pub round: String,
    /// The protective marking, e.g. `OFFICIAL-SENSITIVE`.
    pub marking: String,
}

impl Header {
    /// The header a scenario file gives: `meta.authority` and
    /// `meta.round_date` when present (blanks said so otherwise), the round's
    /// name and the default marking. The coordinator's flags override it.
    pub fn from_meta(sc: &crate::scenario::Scenario, scenario_bytes: &[u8]) -> Header {
        let bytes = scenario_bytes
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(scenario_bytes);
        let meta: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
        let from_meta = |key: &str, blank: &str| {
            meta["meta"][key]
                .as_str()
                .map_or_else(|| blank.to_string(), str::to_string)
        };
        Header {
            authority: from_meta("authority", NO_AUTHORITY),
            meeting_date: from_meta("round_date", NO_DATE),
            round: sc.name.clone(),
            marking: super::DEFAULT_MARKING.to_string(),
        }
    }
}

/// The header's authority when neither the coordinator nor the scenario gives one.
pub const NO_AUTHORITY: &str = "local authority not given";
/// The header's meeting date when neither the coordinator nor the scenario gives one.
pub const NO_DATE: &str = "date not given";

/// The whole paper.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The header.
    pub header: Header,
    /// The blocks in order.
    pub blocks: Vec<Block>,
}
