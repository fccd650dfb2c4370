//! Placing chart labels so that none overprints another label or a point.
//!
//! Labels are placed in the order given (rank order: the best variants get the
//! first choice), each at the first of a ring of candidate spots around its
//! point whose box is inside the frame and clear of every point and every
//! label already placed. A label with no free spot is not drawn; the caller
//! lists it in words under the chart.

/// Width of one character at the chart's font size (digits, 11 px), px.
const CHAR_W: f64 = 6.6;
/// Height of a label, px.
const LINE_H: f64 = 11.0;
/// Half-size of the box kept clear around each point, px.
const POINT_R: f64 = 5.0;

/// Where a label went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placed {
    /// Its text's baseline start.
    At(f64, f64),
    /// No free spot.
    Nowhere,
}

/// A box: left, top, right, bottom.
type Rect = (f64, f64, f64, f64);

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Labels `texts[k]` beside points `anchors[k]` within `frame`.
pub fn place(anchors: &[(f64, f64)], texts: &[String], frame: Rect) -> Vec<Placed> {
    let mut taken: Vec<Rect> = anchors
        .iter()
        .map(|&(x, y)| (x - POINT_R, y - POINT_R, x + POINT_R, y + POINT_R))
        .collect();
    let mut out = Vec::with_capacity(anchors.len());
    for (&(x, y), t) in anchors.iter().zip(texts) {
        let w = CHAR_W * t.chars().count() as f64;
        let spots = [
            (x + 7.0, y - 3.0),
            (x - 7.0 - w, y - 3.0),
            (x - w / 2.0, y - 8.0),
            (x - w / 2.0, y + 8.0 + LINE_H),
            (x + 7.0, y - 12.0),
            (x + 7.0, y + 12.0),
            (x - 7.0 - w, y - 12.0),
            (x - 7.0 - w, y + 12.0),
            (x + 16.0, y - 3.0),
            (x - 16.0 - w, y - 3.0),
        ];
        let free = spots.iter().find_map(|&(lx, base)| {
            let r = (lx, base - LINE_H + 2.0, lx + w, base + 2.0);
            let inside = r.0 >= frame.0 && r.1 >= frame.1 && r.2 <= frame.2 && r.3 <= frame.3;
            (inside && !taken.iter().any(|o| overlaps(o, &r))).then_some((lx, base, r))
        });
        out.push(match free {
            Some((lx, base, r)) => {
                taken.push(r);
                Placed::At(lx, base)
            }
            None => Placed::Nowhere,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(anchors: &[(f64, f64)], texts: &[String], placed: &[Placed]) -> Vec<Rect> {
        placed
            .iter()
            .zip(texts)
            .filter_map(|(p, t)| match *p {
                Placed::At(x, b) => {
                    Some((x, b - LINE_H + 2.0, x + CHAR_W * t.len() as f64, b + 2.0))
                }
                Placed::Nowhere => None,
            })
            .chain(
                anchors
                    .iter()
                    .map(|&(x, y)| (x - POINT_R, y - POINT_R, x + POINT_R, y + POINT_R)),
            )
            .collect()
    }

    #[test]
    fn crowded_labels_never_overlap_and_the_rest_are_reported() {
        // 40 points in a 60 × 30 px patch: not all can be labelled.
        let anchors: Vec<(f64, f64)> = (0..40)
            .map(|k| (100.0 + (k % 8) as f64 * 7.5, 100.0 + (k / 8) as f64 * 6.0))
            .collect();
        let texts: Vec<String> = (1..=40).map(|k| k.to_string()).collect();
        let placed = place(&anchors, &texts, (0.0, 0.0, 400.0, 300.0));
        let labelled = placed.iter().filter(|p| **p != Placed::Nowhere).count();
        assert!(labelled > 0 && labelled < 40, "{labelled} labelled");
        let b = boxes(&anchors, &texts, &placed);
        let labels = labelled;
        for i in 0..labels {
            for j in 0..b.len() {
                let is_own_point = j >= labels;
                if i != j && !is_own_point {
                    assert!(!overlaps(&b[i], &b[j]), "labels {i} and {j} overlap");
                }
            }
            for p in &b[labels..] {
                assert!(!overlaps(&b[i], p), "label {i} covers a point");
            }
        }
    }

    #[test]
    fn lone_points_are_labelled_to_their_right() {
        let placed = place(&[(50.0, 50.0)], &["1".into()], (0.0, 0.0, 100.0, 100.0));
        assert_eq!(placed, [Placed::At(57.0, 47.0)]);
    }
}
