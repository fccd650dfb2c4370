//! Lays the paper's blocks out on A4 pages as drawing operations: text
//! wrapped to the measure, tables with wrapped cells (a row never splits; the
//! heading row repeats on a new page), cards kept whole on one page and
//! boxed, a heading never left at the foot of a page, page breaks where the
//! paper asks. Figures (the HTML's SVG charts) are left out: the load table
//! carries the same figures.

use super::text::{wrap, Face, Piece, Tone, BODY};
use crate::report::doc::{Block, Table, Text};

/// A4 width and height, points.
pub const PAGE: (f32, f32) = (595.28, 841.89);
/// Left and right margin, points.
pub const SIDE: f32 = 40.0;
/// Top of the text area and bottom limit, points from the top.
pub const TOP: f32 = 46.0;
const BOTTOM: f32 = PAGE.1 - 44.0;
const WIDTH: f32 = PAGE.0 - 2.0 * SIDE;
const LEADING: f32 = 1.2;

/// A drawing operation; y grows down from the page's top.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Text with its baseline at `y`.
    Text(f32, f32, String, Face),
    /// A rectangle: x, y, w, h, filled grey or stroked.
    Rect(f32, f32, f32, f32, bool),
    /// A horizontal rule from x1 to x2 at y.
    Rule(f32, f32, f32),
}

/// Pages of operations, built top to bottom.
pub struct Layout {
    /// The finished pages and the current one (last).
    pub pages: Vec<Vec<Op>>,
    y: f32,
    /// The measure: WIDTH, or less inside a card.
    w: f32,
}

impl Layout {
    /// Lays out `blocks`.
    pub fn of(blocks: &[Block]) -> Layout {
        let mut l = Layout {
            pages: vec![Vec::new()],
            y: TOP,
            w: WIDTH,
        };
        for (i, b) in blocks.iter().enumerate() {
            l.block(b, blocks.get(i + 1));
        }
        l
    }

    fn new_page(&mut self) {
        if self.y > TOP {
            self.pages.push(Vec::new());
            self.y = TOP;
        }
    }

    fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    fn block(&mut self, b: &Block, next: Option<&Block>) {
        match b {
            Block::Heading(level, t) => {
                let size = [15.0, 11.5, 9.5][(*level as usize).clamp(1, 3) - 1];
                let keep = if matches!(next, Some(Block::Card(..))) {
                    0.0
                } else {
                    60.0
                };
                self.ensure(size * 2.0 + keep);
                self.y += if *level == 1 { 0.0 } else { size * 0.6 };
                let face = Face {
                    bold: true,
                    size,
                    tone: Tone::Ink,
                };
                self.paragraph(
                    &[crate::report::doc::bold(t.clone())],
                    face.size,
                    0.0,
                    self.w,
                );
                if *level == 2 {
                    let (y, w) = (self.y, self.w);
                    self.ops().push(Op::Rule(SIDE, SIDE + w, y));
                }
                self.y += 4.0;
            }
            Block::Para(t) => {
                self.paragraph(t, BODY, 0.0, self.w);
                self.y += 3.0;
            }
            Block::List(items) => {
                for i in items {
                    let f = super::text::face(crate::report::doc::Style::Plain, BODY);
                    self.ensure(BODY * LEADING);
                    let y = self.y + BODY;
                    self.ops().push(Op::Text(SIDE + 2.0, y, "•".into(), f));
                    self.paragraph(i, BODY, 10.0, self.w - 10.0);
                }
                self.y += 3.0;
            }
            Block::Table(t) => self.table(t, 0.0, self.w),
            Block::Card(_, blocks) => self.card(blocks),
            Block::Figure(..) => {}
            Block::PageBreak => self.new_page(),
            Block::CoordinatorOnly => {
                self.y += 6.0;
                let (y, w) = (self.y, self.w);
                self.ops().push(Op::Rule(SIDE, SIDE + w, y));
                self.y += 6.0;
            }
        }
    }

    /// Wrapped text at indent `dx`, `w` wide, moving down line by line.
    fn paragraph(&mut self, t: &[crate::report::doc::Span], size: f32, dx: f32, w: f32) {
        for line in wrap(t, size, w) {
            self.ensure(size * LEADING);
            let y = self.y + size;
            self.line(line, SIDE + dx, y);
            self.y += size * LEADING;
        }
    }

    fn line(&mut self, pieces: Vec<Piece>, x: f32, y: f32) {
        for p in pieces {
            self.ops().push(Op::Text(x + p.x, y, p.text, p.face));
        }
    }

    /// A table; `dx`, `w`: its left edge and width within the text area.
    fn table(&mut self, t: &Table, dx: f32, w: f32) {
        let total: f64 = t.widths.iter().sum::<f64>().max(1e-9);
        let cols: Vec<f32> = t.widths.iter().map(|c| (c / total) as f32 * w).collect();
        let size = BODY - 0.5;
        let head_cells: Vec<Text> = t
            .head
            .iter()
            .map(|(h, _)| vec![crate::report::doc::bold(h.clone())])
            .collect();
        self.row(&head_cells, &cols, dx, size, true);
        for r in &t.rows {
            let h = row_height(r, &cols, size);
            if self.y + h > BOTTOM {
                self.new_page();
                self.row(&head_cells, &cols, dx, size, true);
            }
            self.row(r, &cols, dx, size, false);
        }
        self.y += 4.0;
    }

    fn row(&mut self, cells: &[Text], cols: &[f32], dx: f32, size: f32, head: bool) {
        let h = row_height(cells, cols, size);
        self.ensure(h);
        let (x0, y0) = (SIDE + dx, self.y);
        if head {
            self.ops()
                .push(Op::Rect(x0, y0, cols.iter().sum(), h, true));
        }
        let mut x = x0;
        for (cell, cw) in cells.iter().zip(cols) {
            let mut y = y0 + 1.5 + size;
            for line in wrap(cell, size, cw - 6.0) {
                self.line(line, x + 3.0, y);
                y += size * LEADING;
            }
            x += cw;
        }
        let y1 = y0 + h;
        self.ops()
            .push(Op::Rule(x0, x0 + cols.iter().sum::<f32>(), y1));
        self.y = y1;
    }

    /// A card: laid out alone to measure it, then placed whole (a new page
    /// when it does not fit) inside a box.
    fn card(&mut self, blocks: &[Block]) {
        let mut inner = Layout {
            pages: vec![Vec::new()],
            y: 0.0,
            w: WIDTH - 12.0,
        };
        for (i, b) in blocks.iter().enumerate() {
            inner.block(b, blocks.get(i + 1));
        }
        let h = inner.y + 4.0;
        if inner.pages.len() == 1 {
            self.ensure(h + 6.0);
        }
        let top = self.y;
        let shift = top + 3.0;
        for page in inner.pages {
            for op in page {
                let moved = match op {
                    Op::Text(x, y, s, f) => Op::Text(x + 6.0, y + shift, s, f),
                    Op::Rect(x, y, w, hh, fill) => Op::Rect(x + 6.0, y + shift, w, hh, fill),
                    Op::Rule(a, b, y) => Op::Rule(a + 6.0, b + 6.0, y + shift),
                };
                self.ops().push(moved);
            }
        }
        self.ops().push(Op::Rect(SIDE, top, WIDTH, h, false));
        self.y = top + h + 4.0;
    }
}

fn row_height(cells: &[Text], cols: &[f32], size: f32) -> f32 {
    let lines = cells
        .iter()
        .zip(cols)
        .map(|(c, w)| wrap(c, size, w - 6.0).len())
        .max()
        .unwrap_or(1);
    lines as f32 * size * LEADING + 3.0
}
