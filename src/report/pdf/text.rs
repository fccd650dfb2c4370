//! Text for the PDF: the two shipped faces (Liberation Sans Regular and
//! Bold, SIL Open Font License, `assets/fonts/`), their widths from the
//! font's own metrics (skrifa, which krilla uses too), and greedy line
//! breaking of styled runs at spaces.

use crate::report::doc::{Span, Style};
use skrifa::instance::{LocationRef, Size};
use skrifa::MetadataProvider;

/// Liberation Sans Regular.
pub const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");

/// Body text size, points.
pub const BODY: f32 = 8.0;
/// Small type size, points.
pub const SMALL: f32 = 6.5;

/// A face and size to set a run in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    /// Bold face.
    pub bold: bool,
    /// Size, points.
    pub size: f32,
    /// Grey (small type) or red (a warning), else black.
    pub tone: Tone,
}

/// Text colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Black.
    Ink,
    /// Grey.
    Muted,
    /// Red.
    Warn,
}

/// The face of a run at body size `size`.
pub fn face(style: Style, size: f32) -> Face {
    match style {
        Style::Plain => Face {
            bold: false,
            size,
            tone: Tone::Ink,
        },
        Style::Bold => Face {
            bold: true,
            size,
            tone: Tone::Ink,
        },
        Style::Small => Face {
            bold: false,
            size: size * SMALL / BODY,
            tone: Tone::Muted,
        },
        Style::Warn => Face {
            bold: true,
            size,
            tone: Tone::Warn,
        },
    }
}

/// The width of `s` in face `f`, points.
pub fn width(s: &str, f: Face) -> f32 {
    let data = if f.bold { BOLD } else { REGULAR };
    let Ok(font) = skrifa::FontRef::new(data) else {
        return 0.0;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(f.size), LocationRef::default());
    s.chars()
        .map(|c| {
            let g = charmap.map(c).unwrap_or_default();
            metrics.advance_width(g).unwrap_or(f.size * 0.5)
        })
        .sum()
}

/// A piece of a line: text set in one face, `x` from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Offset from the line's start, points.
    pub x: f32,
    /// The text.
    pub text: String,
    /// The face.
    pub face: Face,
}

/// Breaks runs into lines no wider than `max` (a word wider than a line
/// gets a line of its own and may overrun).
pub fn wrap(runs: &[Span], size: f32, max: f32) -> Vec<Vec<Piece>> {
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut x = 0.0;
    for run in runs {
        let f = face(run.style, size);
        let mut first = true;
        for word in run.text.split(' ') {
            let text = if first {
                word.to_string()
            } else {
                format!(" {word}")
            };
            first = false;
            if text.is_empty() {
                continue;
            }
            let w = width(&text, f);
            if x + w > max && x > 0.0 {
                lines.push(Vec::new());
                x = 0.0;
                let trimmed = text.trim_start().to_string();
                let w = width(&trimmed, f);
                push(lines.last_mut(), trimmed, f, x);
                x += w;
            } else {
                push(lines.last_mut(), text, f, x);
                x += w;
            }
        }
    }
    lines
}

/// Appends text to a line, joining it to the last piece when the face is
/// the same.
fn push(line: Option<&mut Vec<Piece>>, text: String, face: Face, x: f32) {
    let Some(line) = line else { return };
    match line.last_mut() {
        Some(last) if last.face == face => last.text.push_str(&text),
        _ => line.push(Piece { x, text, face }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::{bold, plain};

    #[test]
    fn wider_text_measures_wider_and_lines_fit() {
        let f = face(Style::Plain, BODY);
        assert!(width("mmmm", f) > width("iiii", f));
        assert!(width("Bow", face(Style::Bold, BODY)) > width("Bow", f));
        let runs = vec![
            plain("one two three four five six seven "),
            bold("eight nine ten"),
        ];
        let lines = wrap(&runs, BODY, 60.0);
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            let end = l.last().map_or(0.0, |p| p.x + width(&p.text, p.face));
            assert!(end <= 60.0 + 1e-3, "{l:?}");
        }
        let all: String = lines
            .iter()
            .flatten()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(all.split_whitespace().count(), 10);
    }
}
