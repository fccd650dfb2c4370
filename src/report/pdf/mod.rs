//! The panel paper as a PDF, written without a browser through krilla (a
//! maintained PDF library from the typst authors; the choice against
//! printpdf, genpdf and typst is in docs/decision-support.md). [`layout`]
//! places the blocks on A4 pages; this module draws them, with the
//! protective marking at the top and bottom of every page and `Page i of n`.
//! The two faces are subset into the file. The output has no date or random
//! id, so the same pack gives the same bytes.

pub mod layout;
pub mod text;

use crate::report::doc::Doc;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use layout::{Layout, Op, PAGE, SIDE};
use text::{Face, Tone};

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the PDF: {0}")]
pub struct PdfError(String);

struct Fonts {
    regular: Font,
    bold: Font,
}

/// Renders the paper as PDF bytes.
pub fn render(doc: &Doc) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts {
        regular: Font::new(text::REGULAR.to_vec().into(), 0)
            .ok_or_else(|| PdfError("the regular face does not load".into()))?,
        bold: Font::new(text::BOLD.to_vec().into(), 0)
            .ok_or_else(|| PdfError("the bold face does not load".into()))?,
    };
    let pages = Layout::of(&doc.blocks).pages;
    let n = pages.len();
    let mut pdf = krilla::Document::new();
    let settings =
        PageSettings::from_wh(PAGE.0, PAGE.1).ok_or_else(|| PdfError("bad page size".into()))?;
    for (i, ops) in pages.iter().enumerate() {
        let mut page = pdf.start_page_with(settings.clone());
        let mut s = page.surface();
        for op in ops {
            draw(&mut s, &fonts, op);
        }
        furniture(&mut s, &fonts, doc, i + 1, n);
        s.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| PdfError(format!("{e:?}")))
}

fn colour(t: Tone) -> rgb::Color {
    match t {
        Tone::Ink => rgb::Color::new(29, 39, 51),
        Tone::Muted => rgb::Color::new(91, 107, 123),
        Tone::Warn => rgb::Color::new(176, 58, 46),
    }
}

fn draw(s: &mut Surface, fonts: &Fonts, op: &Op) {
    match op {
        Op::Text(x, y, t, f) => write(s, fonts, *x, *y, t, *f),
        Op::Rect(x, y, w, h, fill) => {
            let Some(r) = Rect::from_xywh(*x, *y, *w, *h) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(r);
            let Some(path) = pb.finish() else { return };
            if *fill {
                s.set_fill(Some(Fill {
                    paint: rgb::Color::new(238, 242, 246).into(),
                    ..Fill::default()
                }));
                s.set_stroke(None);
            } else {
                s.set_fill(None);
                s.set_stroke(Some(line_stroke()));
            }
            s.draw_path(&path);
        }
        Op::Rule(x1, x2, y) => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y);
            pb.line_to(*x2, *y);
            let Some(path) = pb.finish() else { return };
            s.set_fill(None);
            s.set_stroke(Some(line_stroke()));
            s.draw_path(&path);
        }
    }
}

fn line_stroke() -> Stroke {
    Stroke {
        paint: rgb::Color::new(200, 208, 216).into(),
        width: 0.6,
        ..Stroke::default()
    }
}

fn write(s: &mut Surface, fonts: &Fonts, x: f32, y: f32, t: &str, f: Face) {
    s.set_stroke(None);
    s.set_fill(Some(Fill {
        paint: colour(f.tone).into(),
        ..Fill::default()
    }));
    let font = if f.bold { &fonts.bold } else { &fonts.regular };
    s.draw_text(
        Point::from_xy(x, y),
        font.clone(),
        f.size,
        t,
        false,
        TextDirection::Auto,
    );
}

/// The marking at the top and bottom, the round and the page number.
fn furniture(s: &mut Surface, fonts: &Fonts, doc: &Doc, i: usize, n: usize) {
    let h = &doc.header;
    let mark = Face {
        bold: true,
        size: 9.0,
        tone: Tone::Ink,
    };
    let small = Face {
        bold: false,
        size: 7.0,
        tone: Tone::Muted,
    };
    let centre = |t: &str, f: Face| (PAGE.0 - text::width(t, f)) / 2.0;
    write(s, fonts, centre(&h.marking, mark), 26.0, &h.marking, mark);
    write(
        s,
        fonts,
        centre(&h.marking, mark),
        PAGE.1 - 18.0,
        &h.marking,
        mark,
    );
    let left = format!("{} · {} · {}", h.authority, h.round, h.meeting_date);
    write(s, fonts, SIDE, PAGE.1 - 30.0, &left, small);
    let page = format!("Page {i} of {n}");
    let x = PAGE.0 - SIDE - text::width(&page, small);
    write(s, fonts, x, PAGE.1 - 30.0, &page, small);
}
