//! One self-contained HTML file: summary figures, the proposals compared side
//! by side, where one more place helps most, an SVG chart of schools' FAP load
//! against fair share, an SVG map, one card per pupil, the load tables and the
//! unplaced pupils.
//!
//! No external asset of any kind (no script, font, image or link), so it works
//! offline and can be mailed; `@media print` lays it out for A4. Every piece of
//! text from the scenario or the plan goes through [`esc`].

use super::tables::{self, percent, Table};
use super::{pupil_line, svg, top_place_values, Pack};
use crate::figures::num;
use crate::plan::support::PupilSupport;
use crate::scenario::PupilIdx;
use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink: #1d2733; --muted: #5b6b7b; --line: #d5dde5; --red: #c0392b; --blue: #2e86c1; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin: 0 0 4px; }
.meta, .muted { color: var(--muted); font-size: 12px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
.fig { border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
.fig .n { display: block; font-size: 22px; font-weight: 600; }
.fig .l { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
table.compare { width: auto; min-width: 50%; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card.unplaced { border-left: 5px solid var(--red); }
.card .proposal { margin: 4px 0; }
.flags { margin: 4px 0; padding: 0; list-style: none; }
.flags li { display: inline-block; background: #eef2f6; border-radius: 10px; padding: 0 8px; margin: 0 4px 4px 0; font-size: 12px; }
.reasons { margin: 6px 0; padding-left: 18px; }
.over { color: var(--red); font-weight: 600; }
svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  .cards { display: block; }
  .card, table, figure, svg, .fig { break-inside: avoid; }
  .card { margin-bottom: 8px; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Renders the pack.
pub fn render(pack: &Pack) -> String {
    let mut o = String::new();
    let name = esc(&pack.plan.scenario.name);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Panel pack: {name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    header(&mut o, pack);
    figures(&mut o, pack);
    compare(&mut o, pack);
    place_values(&mut o, pack);
    charts(&mut o, pack);
    cards(&mut o, pack);
    loads(&mut o, pack);
    unplaced(&mut o, pack);
    o.push_str("</body>\n</html>\n");
    o
}

fn header(o: &mut String, pack: &Pack) {
    let p = pack.plan;
    let _ = write!(
        o,
        "<header>\n<h1>Panel pack: {}</h1>\n<p class=\"meta\">{} pupils · {} schools · {} AP providers · {} proposal(s) · scenario sha256 <code>{}</code> · fap {} · {}</p>\n<p class=\"meta\">Pupils are shown by case id only. Pupils' homes are not shown.</p>\n</header>\n",
        esc(&p.scenario.name),
        p.scenario.pupils,
        p.scenario.schools,
        p.scenario.ap_providers,
        p.proposals.len(),
        esc(&p.scenario.sha256),
        esc(&p.generator.fap_version),
        esc(&p.generator.solver)
    );
}

fn figures(o: &mut String, pack: &Pack) {
    let m = &pack.metrics[0];
    let pct = percent;
    let figs = [
        (
            m.placed.to_string(),
            format!(
                "placed ({} FAP, {} in-year)",
                m.placed_fap, m.placed_in_year
            ),
        ),
        (
            m.unplaced.to_string(),
            format!(
                "unplaced ({} FAP, {} in-year)",
                m.unplaced_fap, m.unplaced_in_year
            ),
        ),
        (
            pct(m.first_preference, m.with_preferences),
            "at first preference".to_string(),
        ),
        (
            pct(m.any_preference, m.with_preferences),
            "at any preference".to_string(),
        ),
        (
            format!("{} km", num(m.mean_km)),
            format!("mean journey (longest {} km)", num(m.max_km)),
        ),
        (
            m.beyond_walking.to_string(),
            "beyond walking distance".to_string(),
        ),
        (
            m.above_pan_places.to_string(),
            "above-PAN places".to_string(),
        ),
        (num(m.max_load_ratio), "worst load ÷ fair share".to_string()),
    ];
    o.push_str(
        "<section class=\"summary\">\n<h2>Summary of proposal 1</h2>\n<div class=\"figures\">\n",
    );
    for (n, l) in figs {
        let _ = writeln!(
            o,
            "<div class=\"fig\"><span class=\"n\">{}</span><span class=\"l\">{}</span></div>",
            esc(&n),
            esc(&l)
        );
    }
    o.push_str("</div>\n</section>\n");
}

fn compare(o: &mut String, pack: &Pack) {
    o.push_str("<section>\n<h2>Proposals compared</h2>\n");
    table(o, &tables::comparison(pack), "compare");
    for i in 1..pack.plan.proposals.len() {
        let ids: Vec<String> = super::differs(pack, i)
            .into_iter()
            .map(|p| {
                let id = esc(&pack.sc.pupils[p as usize].id);
                format!("<a href=\"#pupil-{id}\">{id}</a>")
            })
            .collect();
        let _ = writeln!(
            o,
            "<p>Proposal {} places differently: {}.</p>",
            i + 1,
            if ids.is_empty() {
                "nobody".to_string()
            } else {
                ids.join(", ")
            }
        );
    }
    o.push_str("</section>\n");
}

/// An HTML table, cells escaped. A table whose first heading is empty has
/// row headings; a highlighted row has its last cell marked `over`.
fn table(o: &mut String, t: &Table, class: &str) {
    let num_class = |numeric: bool| if numeric { " class=\"num\"" } else { "" };
    let _ = write!(o, "<table class=\"{class}\">\n<thead><tr>");
    for (h, numeric) in &t.head {
        let _ = write!(o, "<th{}>{}</th>", num_class(*numeric), esc(h));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    let row_heads = t.head.first().is_some_and(|(h, _)| h.is_empty());
    for (r, over) in t.rows.iter().zip(&t.over) {
        o.push_str("<tr>");
        for (i, (cell, (_, numeric))) in r.iter().zip(&t.head).enumerate() {
            let tag = if i == 0 && row_heads { "th" } else { "td" };
            let class = if *over && i + 1 == r.len() {
                " class=\"num over\""
            } else {
                num_class(*numeric)
            };
            let _ = write!(o, "<{tag}{class}>{}</{tag}>", esc(cell));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}
fn place_values(o: &mut String, pack: &Pack) {
    o.push_str("<section>\n<h2>Where one more place helps most</h2>\n");
    let top = top_place_values(pack, 5);
    if top.is_empty() {
        let _ = writeln!(
            o,
            "<p>No single extra place would improve proposal 1 ({} full places examined).</p>",
            pack.support.place_values.len()
        );
    } else {
        o.push_str("<ol>\n");
        for v in top {
            let _ = writeln!(o, "<li>{}</li>", esc(&v.summary));
        }
        o.push_str("</ol>\n");
    }
    o.push_str("</section>\n");
}

fn charts(o: &mut String, pack: &Pack) {
    let chart = svg::load_chart(pack);
    if !chart.is_empty() {
        let _ = writeln!(
            o,
            "<section>\n<h2>Schools' FAP load this year against fair share</h2>\n<figure>{chart}<figcaption class=\"muted\">Load this year (earlier FAP admissions plus proposal 1, by load weight); the black tick is the school's fair share.</figcaption></figure>\n</section>"
        );
    }
    let map = svg::map(pack);
    if !map.is_empty() {
        let _ = writeln!(
            o,
            "<section>\n<h2>Map of placements</h2>\n<figure>{map}<figcaption class=\"muted\">Schools and AP providers; the number is the pupils placed there in proposal 1.</figcaption></figure>\n</section>"
        );
    }
}

fn cards(o: &mut String, pack: &Pack) {
    o.push_str("<section>\n<h2>Pupils</h2>\n<div class=\"cards\">\n");
    for p in 0..pack.sc.pupils.len() as PupilIdx {
        card(o, pack, p);
    }
    o.push_str("</div>\n</section>\n");
}

fn card(o: &mut String, pack: &Pack, p: PupilIdx) {
    let sc = pack.sc;
    let pupil = &sc.pupils[p as usize];
    let id = esc(&pupil.id);
    let place = pack.best()[p as usize];
    let class = if place.is_none() {
        "card pupil unplaced"
    } else {
        "card pupil"
    };
    let _ = writeln!(
        o,
        "<article class=\"{class}\" id=\"pupil-{id}\">\n<h3>{id}</h3>\n<p class=\"muted\">{}</p>",
        esc(&pupil_line(sc, p))
    );
    let proposal = match place {
        Some(t) => format!(
            "<strong>{}</strong>, {} km",
            esc(&pack.target_label(t)),
            num(sc.distance(pupil, t))
        ),
        None => "<strong class=\"over\">unplaced</strong> this round".to_string(),
    };
    let _ = writeln!(o, "<p class=\"proposal\">Proposal 1: {proposal}</p>");
    let flags = pack.flags(0, p);
    if !flags.is_empty() {
        o.push_str("<ul class=\"flags\">");
        for f in flags {
            let _ = write!(o, "<li>{}</li>", esc(&f));
        }
        o.push_str("</ul>\n");
    }
    if let Some(s) = pack.pupil_support(p) {
        o.push_str("<ul class=\"reasons\">\n");
        for r in &s.explanation {
            let _ = writeln!(o, "<li>{}</li>", esc(r));
        }
        o.push_str("</ul>\n");
        alternatives(o, s);
    }
    o.push_str("</article>\n");
}

fn alternatives(o: &mut String, s: &PupilSupport) {
    if s.alternatives.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"muted\">Alternatives: {}.</p>",
            tables::no_alternatives(s)
        );
        return;
    }
    table(o, &tables::alternatives(s), "alts");
    let _ = writeln!(
        o,
        "<p class=\"muted\">{} placement(s) re-optimised; the change is in the whole plan's objective.</p>",
        s.alternatives_considered
    );
}
fn loads(o: &mut String, pack: &Pack) {
    let m = &pack.metrics[0];
    if m.school_loads.is_empty() {
        return;
    }
    o.push_str("<section>\n<h2>Schools' FAP load (proposal 1)</h2>\n");
    table(o, &tables::school_loads(m), "loads");
    if !m.trust_loads.is_empty() {
        o.push_str("<h3>Per trust</h3>\n");
        table(o, &tables::trust_loads(m), "loads");
    }
    o.push_str("</section>\n");
}
fn unplaced(o: &mut String, pack: &Pack) {
    o.push_str("<section>\n<h2>Unplaced pupils (proposal 1)</h2>\n");
    let rows = super::unplaced(pack);
    if rows.is_empty() {
        o.push_str("<p>Every pupil is placed.</p>\n");
    } else {
        o.push_str("<ul>\n");
        for (p, why) in rows {
            let id = esc(&pack.sc.pupils[p as usize].id);
            let _ = writeln!(
                o,
                "<li><a href=\"#pupil-{id}\"><strong>{id}</strong></a>: {}</li>",
                esc(&why)
            );
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}
