//! Reading a CSV file the way coordinators' spreadsheets save it.
//!
//! Excel and LibreOffice write UTF-8 with or without a byte-order mark, use `;`
//! instead of `,` in locales where `,` is the decimal mark, quote cells that hold
//! separators, and leave empty trailing rows and columns. The national school
//! register's own download is Windows-1252. This module takes all of those, so
//! that the readers above it see one shape: a header of column names matched
//! without regard to case, and rows of trimmed cells, each row knowing its line in
//! the file. Every cell accessor returns an [`ImportError`] that names the file,
//! the row (the line number a spreadsheet shows) and the column.

use super::ImportError;

/// A CSV file read whole: header and rows of trimmed cells.
#[derive(Debug)]
pub struct Table {
    /// The file name used in messages (e.g. `pupils.csv`).
    pub file: String,
    /// Header names as written (trimmed).
    headers: Vec<String>,
    /// The field each column holds, lower case: the header itself until
    /// [`super::headers`] maps people's spellings ("On roll") to field names;
    /// empty for a column to ignore.
    pub(super) keys: Vec<String>,
    /// Data rows (empty rows dropped).
    pub rows: Vec<Row>,
    /// `;` separated: a decimal comma is accepted in numbers.
    decimal_comma: bool,
    /// Whether cells of this file may be quoted in messages (not pupils' data).
    echo_values: bool,
}

/// One data row.
#[derive(Debug)]
pub struct Row {
    /// 1-based line of the row in the file (the header is line 1).
    pub line: u64,
    cells: Vec<String>,
}

/// A column found in the header, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col(usize);

impl Table {
    /// Decodes and parses `bytes`. `echo_values` allows messages to quote cell
    /// values (public school data); pupils' files never do.
    pub fn parse(file: &str, bytes: &[u8], echo_values: bool) -> Result<Table, ImportError> {
        let text = decode(file, bytes)?;
        let delimiter = sniff_delimiter(&text);
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = rdr.records();
        let headers: Vec<String> = match records.next() {
            None => {
                return Err(ImportError::file(file, "the file is empty")
                    .hint("the first row must name the columns")
                    .code("csv-empty"))
            }
            Some(r) => r
                .map_err(|e| csv_error(file, &e))?
                .iter()
                .map(|h| h.trim().to_string())
                .collect(),
        };
        let mut rows = Vec::new();
        let mut lines = LineCounter::default();
        for r in records {
            let r = r.map_err(|e| csv_error(file, &e))?;
            let line = lines.line_at(&text, r.position().map_or(0, |p| p.byte() as usize));
            let cells: Vec<String> = r.iter().map(|c| c.trim().to_string()).collect();
            if cells.iter().all(String::is_empty) {
                continue;
            }
            rows.push(Row { line, cells });
        }
        Table::new(file, headers, rows, delimiter == b';', echo_values)
    }

    /// A table from a sheet's cells (a workbook's): the first row is the
    /// header, row numbers are the sheet's.
    pub fn from_rows(
        file: &str,
        grid: Vec<Vec<String>>,
        echo_values: bool,
    ) -> Result<Table, ImportError> {
        let mut grid = grid.into_iter();
        let headers: Vec<String> = match grid.next() {
            Some(h) if h.iter().any(|c| !c.trim().is_empty()) => {
                h.iter().map(|c| c.trim().to_string()).collect()
            }
            _ => {
                return Err(ImportError::file(file, "the sheet has no header in row 1")
                    .hint("the first row must name the columns (see `fap template`)")
                    .code("csv-empty"))
            }
        };
        let rows = grid
            .enumerate()
            .map(|(i, cells)| Row {
                line: i as u64 + 2,
                cells: cells.iter().map(|c| c.trim().to_string()).collect(),
            })
            .filter(|r| !r.cells.iter().all(String::is_empty))
            .collect();
        Table::new(file, headers, rows, false, echo_values)
    }

    fn new(
        file: &str,
        headers: Vec<String>,
        rows: Vec<Row>,
        decimal_comma: bool,
        echo_values: bool,
    ) -> Result<Table, ImportError> {
        let table = Table {
            file: file.to_string(),
            keys: headers.iter().map(|h| h.to_ascii_lowercase()).collect(),
            headers,
            rows,
            decimal_comma,
            echo_values,
        };
        table.check_shape()?;
        Ok(table)
    }

    /// Header cells must be unique and non-empty where the column holds values;
    /// no row may have more cells than the header.
    fn check_shape(&self) -> Result<(), ImportError> {
        for (i, h) in self.headers.iter().enumerate() {
            if h.is_empty() {
                if let Some(r) = self.rows.iter().find(|r| !r.cell(i).is_empty()) {
                    return Err(self
                        .error(
                            r,
                            Col(i),
                            "this column has values but no name in the header",
                        )
                        .hint("name the column in the first row, or delete it")
                        .code("csv-header"));
                }
            } else if let Some(j) = self.headers[..i]
                .iter()
                .position(|o| o.eq_ignore_ascii_case(h))
            {
                return Err(ImportError::file(
                    &self.file,
                    format!(
                        "column {:?} appears twice (columns {} and {})",
                        h,
                        letter(j),
                        letter(i)
                    ),
                )
                .hint("delete or rename one of them")
                .code("csv-header"));
            }
        }
        let width = self.headers.len();
        if let Some(r) = self.rows.iter().find(|r| r.cells.len() > width) {
            return Err(ImportError::at(
                &self.file,
                r.line,
                None,
                format!(
                    "{} cells, but the header names {width} columns",
                    r.cells.len()
                ),
            )
            .hint("a value containing the separator must be quoted, e.g. \"S012;S003\"")
            .code("csv-row"));
        }
        Ok(())
    }

    /// The column holding `name` (case-insensitive), if present.
    pub fn col(&self, name: &str) -> Option<Col> {
        self.keys
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .map(Col)
    }

    /// The headers as written, with their letters' positions.
    pub(super) fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The first of several accepted names that is present.
    pub fn col_any(&self, names: &[&str]) -> Option<Col> {
        names.iter().find_map(|n| self.col(n))
    }

    /// A column that must be present.
    pub fn require(&self, name: &str, hint: &str) -> Result<Col, ImportError> {
        self.col(name).ok_or_else(|| {
            ImportError::file(&self.file, format!("missing column {name:?}"))
                .hint(hint)
                .code("csv-missing-column")
        })
    }

    /// `Header (letter)` of every named column, by field (lower case).
    pub fn labels(&self) -> std::collections::BTreeMap<String, String> {
        self.keys
            .iter()
            .zip(&self.headers)
            .enumerate()
            .filter(|(_, (k, _))| !k.is_empty())
            .map(|(i, (k, h))| (k.clone(), format!("{h} ({})", letter(i))))
            .collect()
    }

    /// An error about one cell.
    pub fn error(&self, row: &Row, c: Col, message: impl Into<String>) -> ImportError {
        self.error_at(row, Some(c), message)
    }

    /// An error about one cell, or about the row when no column is to blame.
    pub fn error_at(&self, row: &Row, c: Option<Col>, message: impl Into<String>) -> ImportError {
        let column = c.map(|c| format!("{} ({})", self.headers[c.0], letter(c.0)));
        ImportError::at(&self.file, row.line, column, message)
    }

    /// The trimmed cell, `None` when the column is absent or the cell empty.
    pub fn get<'r>(&self, row: &'r Row, c: Option<Col>) -> Option<&'r str> {
        c.map(|c| row.cell(c.0)).filter(|s| !s.is_empty())
    }

    /// A cell that must have a value.
    pub fn required<'r>(&self, row: &'r Row, c: Col, hint: &str) -> Result<&'r str, ImportError> {
        self.get(row, Some(c)).ok_or_else(|| {
            self.error(row, c, "missing value")
                .hint(hint)
                .code("csv-missing-value")
        })
    }

    /// A finite number; a decimal comma is accepted in `;`-separated files.
    pub fn number(&self, row: &Row, c: Option<Col>) -> Result<Option<f64>, ImportError> {
        let (Some(c), Some(s)) = (c, self.get(row, c)) else {
            return Ok(None);
        };
        let parsed = s.parse::<f64>().ok().or_else(|| {
            (self.decimal_comma && s.matches(',').count() == 1 && !s.contains('.'))
                .then(|| s.replace(',', ".").parse::<f64>().ok())
                .flatten()
        });
        match parsed {
            Some(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(self
                .error(row, c, format!("{} is not a number", self.shown(s)))
                .hint("write a plain number such as 12 or 3.5, without units")
                .code("csv-number")),
        }
    }

    /// A whole number (`12` or `12.0`); range checks are left to validation.
    pub fn whole(&self, row: &Row, c: Option<Col>) -> Result<Option<i64>, ImportError> {
        let Some(v) = self.number(row, c)? else {
            return Ok(None);
        };
        let c = c.expect("a value implies a column");
        if v.fract() != 0.0 || v.abs() > 1e15 {
            let s = self.get(row, Some(c)).unwrap_or("");
            return Err(self
                .error(row, c, format!("{} is not a whole number", self.shown(s)))
                .hint("counts are whole numbers such as 0, 1, 30")
                .code("csv-number"));
        }
        Ok(Some(v as i64))
    }

    /// `true`/`false` and the spellings spreadsheets use (`TRUE`, `yes`, `1`, …):
    /// see [`truth`].
    pub fn boolean(&self, row: &Row, c: Option<Col>) -> Result<Option<bool>, ImportError> {
        let (Some(c), Some(s)) = (c, self.get(row, c)) else {
            return Ok(None);
        };
        match truth(s) {
            Some(b) => Ok(Some(b)),
            None => Err(self
                .error(row, c, format!("{} is not true or false", self.shown(s)))
                .hint("write true or false (yes/no and 1/0 are read too), or leave it empty")
                .code("csv-bool")),
        }
    }

    /// A `;`-separated list; `None` when empty.
    pub fn list(&self, row: &Row, c: Option<Col>) -> Option<Vec<String>> {
        let items: Vec<String> = self
            .get(row, c)?
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        (!items.is_empty()).then_some(items)
    }

    /// A value for a message: quoted when this file's values may be shown.
    pub fn shown(&self, s: &str) -> String {
        if self.echo_values || looks_like_code(s) {
            crate::scenario::issue::quote(s)
        } else {
            "the value".to_string()
        }
    }
}

/// Line numbers from byte offsets, counted once through the text.
///
/// NOTE: the csv crate's own line numbers lag behind with `\r\n` endings and
/// after blank lines, and its byte offset points at the previous row's line
/// ending; so the start is moved past line endings and lines are counted here.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: u64,
}

impl LineCounter {
    /// The 1-based line of the row whose reading began at `byte`.
    fn line_at(&mut self, text: &str, byte: usize) -> u64 {
        let b = text.as_bytes();
        let mut start = byte.max(self.byte);
        while start < b.len() && (b[start] == b'\n' || b[start] == b'\r') {
            start += 1;
        }
        self.line += b[self.byte..start].iter().filter(|&&c| c == b'\n').count() as u64;
        self.byte = start;
        self.line + 1
    }
}

impl Row {
    fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

/// Short values made of digits and id characters (ids, numbers, year groups) are
/// safe to echo; anything that could be a name is not.
fn looks_like_code(s: &str) -> bool {
    s.len() <= 16
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./,:;".contains(&b))
}

/// Spreadsheet column letter of a 0-based index: A, B, …, Z, AA, …
pub fn letter(i: usize) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

/// UTF-8 (BOM dropped), or Windows-1252 when the bytes are not UTF-8; UTF-16
/// (Excel's "Unicode text") is refused with a hint.
fn decode(file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ImportError::file(file, "the file is UTF-16 text, not CSV")
            .hint("in Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)'")
            .code("csv-encoding"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Ok(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

/// One Windows-1252 byte as a char (the register's own CSV download uses it).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// `;` when the header line has more semicolons than commas (outside quotes), else `,`.
fn sniff_delimiter(text: &str) -> u8 {
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas {
        b';'
    } else {
        b','
    }
}

fn csv_error(file: &str, e: &csv::Error) -> ImportError {
    let line = e.position().map(|p| p.line());
    let msg = match e.kind() {
        csv::ErrorKind::Io(_) => "cannot read the file".to_string(),
        _ => "malformed CSV".to_string(),
    };
    match line {
        Some(l) => ImportError::at(file, l, None, msg),
        None => ImportError::file(file, msg),
    }
    .hint("check for an unclosed quote (\") in this row or the ones before it")
    .code("csv-syntax")
}

/// `true`/`false` and the spellings spreadsheets use: `TRUE`, `yes`, `y`, and
/// `1`/`0` (LibreOffice saves a typed TRUE to .xlsx as the number 1 shown as TRUE).
pub fn truth(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Some(true),
        "false" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_count_like_a_spreadsheet() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
    }

    #[test]
    fn reads_semicolons_bom_quotes_and_decimal_commas() {
        let bytes = "\u{feff}id;Dist;list\r\nA1;3,5;\"S1;S2\"\r\n;;\r\n".as_bytes();
        let t = Table::parse("x.csv", bytes, true).unwrap();
        assert_eq!(t.rows.len(), 1);
        let r = &t.rows[0];
        assert_eq!(t.number(r, t.col("dist")).unwrap(), Some(3.5));
        assert_eq!(
            t.list(r, t.col("LIST")),
            Some(vec!["S1".to_string(), "S2".to_string()])
        );
        assert_eq!(r.line, 2);
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let t = Table::parse("x.csv", b"id,n\r\nA,1\r\n\r\nB,\"2\r\n3\"\r\nC,4\n", true).unwrap();
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 6]);
    }

    #[test]
    fn falls_back_to_windows_1252() {
        let t = Table::parse("g.csv", b"name\nSt Mary\x92s\n", true).unwrap();
        assert_eq!(t.get(&t.rows[0], t.col("name")), Some("St Mary’s"));
    }

    #[test]
    fn bad_numbers_name_row_and_column() {
        let t = Table::parse("p.csv", b"id,pan\nS1,12\nS2,1x2\n", true).unwrap();
        let e = t.whole(&t.rows[1], t.col("pan")).unwrap_err().to_string();
        assert!(
            e.starts_with("p.csv: row 3, column pan (B): error: \"1x2\" is not a number"),
            "{e}"
        );
    }

    #[test]
    fn pupil_values_that_could_be_names_are_not_echoed() {
        let t = Table::parse("pupils.csv", b"id,flag\nP1,Alice\n", false).unwrap();
        let e = t
            .boolean(&t.rows[0], t.col("flag"))
            .unwrap_err()
            .to_string();
        assert!(!e.contains("Alice"), "{e}");
    }
}
