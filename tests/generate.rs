//! `fap generate`: determinism, validity over seeds, phases and tightness, and
//! the statistical shape the docs promise (docs/generate.md).

use fap::generate::{generate, Generated, PhaseMix, Register, Settings};
use fap::import::table::Table;
use fap::scenario::YearGroup;
use fap::validate::load_bytes;
use std::path::Path;

fn settings(seed: u64, pupils: usize, schools: usize, phase: PhaseMix, tight: f64) -> Settings {
    Settings {
        phase,
        tight,
        ..Settings::synthetic(seed, pupils, schools)
    }
}

/// The benches and docs generate their cases with `Settings::synthetic`; it
/// must make the same bytes as the command line they quote.
#[test]
fn synthetic_settings_are_the_command_line_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.json");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_fap"))
        .args([
            "generate",
            "--seed",
            "3",
            "--pupils",
            "40",
            "--schools",
            "30",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let library = generate(&Settings::synthetic(3, 40, 30)).unwrap().json;
    assert!(std::fs::read(&out).unwrap() == library);
}

fn register(name: &str) -> Register {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/register")
        .join(name);
    let bytes = std::fs::read(&p).unwrap();
    Register {
        name: name.to_string(),
        table: Table::parse(name, &bytes, true).unwrap(),
    }
}

/// Generates and checks the output loads with no error.
fn valid(s: &Settings) -> Generated {
    let g = generate(s).unwrap();
    let loaded = load_bytes(&g.json);
    let errors: Vec<String> = loaded
        .issues
        .iter()
        .filter(|i| i.is_error())
        .map(|i| i.to_string())
        .collect();
    assert!(errors.is_empty(), "seed {}: {errors:?}", s.seed);
    assert!(loaded.scenario.is_some());
    g
}

#[test]
fn same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let a = valid(&settings(42, 120, 40, PhaseMix::Mixed, 0.7));
    let b = valid(&settings(42, 120, 40, PhaseMix::Mixed, 0.7));
    let c = valid(&settings(43, 120, 40, PhaseMix::Mixed, 0.7));
    assert_eq!(a.json, b.json);
    assert_ne!(a.json, c.json);
    let mut th = settings(5, 60, 0, PhaseMix::Secondary, 0.7);
    th.schools = None;
    th.schools_register = Some(register("tower-hamlets.csv"));
    th.ap_register = Some(register("tower-hamlets-ap.csv"));
    let x = valid(&th).json;
    th.schools_register = Some(register("tower-hamlets.csv"));
    th.ap_register = Some(register("tower-hamlets-ap.csv"));
    assert_eq!(x, valid(&th).json);
}

#[test]
fn every_generated_scenario_validates() {
    for seed in 1..=4 {
        for phase in [PhaseMix::Primary, PhaseMix::Secondary, PhaseMix::Mixed] {
            for tight in [0.0, 0.5, 0.9, 1.0] {
                valid(&settings(seed, 50, 25, phase, tight));
            }
        }
        valid(&settings(seed, 30, 1, PhaseMix::Mixed, 0.7));
        valid(&settings(seed, 0, 3, PhaseMix::Secondary, 0.7));
    }
}

#[test]
fn real_register_schools_are_used_as_they_are() {
    let mut s = settings(9, 50, 0, PhaseMix::Secondary, 0.7);
    s.schools = None;
    s.schools_register = Some(register("tower-hamlets.csv"));
    s.ap_register = Some(register("tower-hamlets-ap.csv"));
    let g = valid(&s);
    let w = &g.wire;
    assert!(w.schools.len() >= 15, "{}", w.schools.len());
    assert!(
        !w.schools.iter().any(|x| x.id == "100986"),
        "Bowden House is special and far away"
    );
    let bow = w
        .schools
        .iter()
        .find(|x| x.id == "100965")
        .expect("Bow School");
    assert_eq!(bow.name.as_deref(), Some("Bow School"));
    assert_eq!(bow.year_groups["7"].pan, 225); // capacity 1350 over 5 + 2×½ year groups
    for x in &w.schools {
        assert!(x
            .year_groups
            .keys()
            .all(|y| YearGroup::parse(y).unwrap().0 >= 7));
        assert!(
            x.trust.is_none() && x.accepts_fap.is_none(),
            "no invented facts about real schools"
        );
    }
    assert_eq!(w.ap_providers.len(), 1);
    assert_eq!(w.ap_providers[0].id, "100889");
    assert_eq!(w.ap_providers[0].years, ["7", "11"]);
    assert_eq!(w.meta["authority"], "Tower Hamlets");

    let mut s = settings(9, 40, 0, PhaseMix::Primary, 0.7);
    s.schools = Some(60);
    s.schools_register = Some(register("leeds.csv"));
    let g = valid(&s);
    assert_eq!(g.wire.schools.len(), 60);
    assert!(g.wire.schools.iter().all(|x| x
        .year_groups
        .keys()
        .all(|y| YearGroup::parse(y).unwrap().0 <= 6)));
}

#[test]
fn pupils_have_the_shape_of_a_panel_round() {
    let g = valid(&settings(11, 3000, 120, PhaseMix::Mixed, 0.7));
    let p = &g.wire.pupils;
    let fap: Vec<_> = p.iter().filter(|x| x.kind == "fap").collect();
    let year = |x: &&fap::scenario::wire::WirePupil| YearGroup::parse(&x.year_group).unwrap().0;
    let in_year_share = 1.0 - fap.len() as f64 / p.len() as f64;
    assert!(
        (0.15..0.25).contains(&in_year_share),
        "in-year {in_year_share}"
    );
    let secondary: Vec<_> = fap.iter().filter(|x| year(x) >= 7).collect();
    let sec_share = secondary.len() as f64 / fap.len() as f64;
    assert!(
        (0.62..0.78).contains(&sec_share),
        "secondary FAP share {sec_share}"
    );
    let ks4ish = secondary.iter().filter(|x| year(x) >= 9).count() as f64 / secondary.len() as f64;
    assert!(
        ks4ish >= 0.5,
        "share of secondary FAP pupils in years 9-11: {ks4ish}"
    );
    assert!(fap.iter().all(|x| x.category.is_some()));
    let d = fap
        .iter()
        .filter(|x| x.category.as_deref() == Some("d"))
        .count() as f64
        / fap.len() as f64;
    assert!((0.18..0.30).contains(&d), "category d share {d}");
    let count =
        |f: &dyn Fn(&fap::scenario::wire::WirePupil) -> bool| p.iter().filter(|x| f(x)).count();
    assert!(count(&|x| x.pinned.is_some()) >= 20);
    assert!(count(&|x| x.excluded_from.is_some()) >= 100);
    assert!(count(&|x| x.previous_schools.is_some()) >= 300);
    assert!(count(&|x| matches!(x.route.as_deref(), Some("ap" | "either"))) >= 100);
    assert!(count(&|x| x.needs.is_some()) >= 200);
    let with_prefs = count(&|x| x.preferences.is_some()) as f64 / p.len() as f64;
    assert!(with_prefs > 0.8, "{with_prefs}");
    // Most pupils have an option within the default travel limits.
    let no_option = g.warnings.iter().filter(|w| w.code == "no-option").count() as f64;
    assert!(
        no_option / (p.len() as f64) < 0.05,
        "{no_option} pupils with no option"
    );
    let schools = &g.wire.schools;
    assert!(
        schools.iter().any(|s| s.sex.is_some()),
        "some single-sex schools"
    );
    assert!(schools
        .iter()
        .any(|s| s.ofsted.as_deref() == Some("requires_improvement")));
    assert!(
        schools
            .iter()
            .filter(|s| s.ofsted.as_deref() == Some("good"))
            .count()
            > schools.len() / 3
    );
    assert!(schools.iter().any(|s| s.fap_this_year.is_some()));
}

/// Share of year groups with at least one free place.
fn free_share(g: &Generated) -> f64 {
    let (mut free, mut all) = (0, 0);
    for s in &g.wire.schools {
        for p in s.year_groups.values() {
            all += 1;
            free += usize::from(p.on_roll < p.pan);
        }
    }
    free as f64 / all as f64
}

#[test]
fn tight_controls_the_share_of_year_groups_with_free_places() {
    for tight in [0.0, 0.2, 0.5, 0.8, 1.0] {
        let share = free_share(&valid(&settings(3, 0, 300, PhaseMix::Mixed, tight)));
        assert!(
            (share - (1.0 - tight)).abs() < 0.05,
            "tight {tight}: {share} of year groups have free places"
        );
    }
}

#[test]
fn pans_are_realistic_for_the_phase() {
    let g = valid(&settings(8, 0, 400, PhaseMix::Mixed, 0.7));
    for s in &g.wire.schools {
        for (y, p) in &s.year_groups {
            let range = if YearGroup::parse(y).unwrap().0 >= 7 {
                120..=300
            } else {
                15..=90
            };
            assert!(range.contains(&p.pan), "{} year {y}: PAN {}", s.id, p.pan);
        }
    }
}

#[test]
fn settings_out_of_range_are_refused() {
    let mut s = settings(1, 10, 10, PhaseMix::Mixed, 1.5);
    assert!(generate(&s).is_err());
    s.tight = 0.5;
    s.schools = Some(0);
    assert!(generate(&s).is_err());
}

#[test]
fn a_round_with_only_a_girls_school_has_only_girls() {
    let csv = "urn,name,phase,low_age,high_age,gender,capacity,pupils,easting,northing\n\
               1,Girls High,Secondary,11,16,Girls,900,850,530000,180000\n";
    let mut s = settings(2, 30, 0, PhaseMix::Secondary, 0.5);
    s.schools = None;
    s.schools_register = Some(Register {
        name: "one.csv".into(),
        table: Table::parse("one.csv", csv.as_bytes(), true).unwrap(),
    });
    let g = valid(&s);
    assert!(g.wire.pupils.iter().all(|p| p.sex == "f"));
    s.phase = PhaseMix::Primary;
    s.schools_register = Some(Register {
        name: "one.csv".into(),
        table: Table::parse("one.csv", csv.as_bytes(), true).unwrap(),
    });
    assert!(generate(&s).is_err(), "no school teaches a primary year");
}

/// The scenarios in `scenarios/` are exactly what their commands in
/// `scenarios/GENERATED.md` make (regenerate them when the generator changes).
#[test]
fn committed_scenarios_are_reproducible() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = "tests/fixtures/register";
    let cases: [(&str, Vec<String>); 3] = [
        (
            "tower-hamlets-secondary.json",
            format!("--seed 7 --pupils 50 --phase secondary --tight 0.7 --schools-csv {r}/tower-hamlets.csv --ap-csv {r}/tower-hamlets-ap.csv")
                .split(' ').map(String::from).chain(["--name".into(), "Tower Hamlets secondary panel (synthetic pupils)".into()]).collect(),
        ),
        (
            "leeds-primary.json",
            format!("--seed 17 --pupils 40 --phase primary --tight 0.6 --schools-csv {r}/leeds.csv --ap-csv {r}/leeds-ap.csv")
                .split(' ').map(String::from).chain(["--name".into(), "Leeds primary panel (synthetic pupils)".into()]).collect(),
        ),
        (
            "county-5000.json",
            "--seed 5000 --pupils 5000 --schools 1000 --phase mixed --tight 0.3"
                .split(' ').map(String::from).chain(["--name".into(), "County analyst scenario, 5,000 pupils (synthetic)".into()]).collect(),
        ),
    ];
    for (file, args) in cases {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_fap"))
            .current_dir(root)
            .arg("generate")
            .args(&args)
            .arg("-q")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let committed = std::fs::read(root.join("scenarios").join(file)).unwrap();
        assert!(
            out.stdout == committed,
            "scenarios/{file} differs from what its command in scenarios/GENERATED.md makes"
        );
    }
}

/// Each shape knob does what docs/generate.md says; unset, none changes a byte.
#[test]
fn shape_knobs_set_cap_mode_fap_share_preferences_ap_share_and_scarcity() {
    use fap::generate::Shape;
    let base = settings(4, 2000, 120, PhaseMix::Mixed, 0.4);
    let with = |shape: Shape| {
        valid(&Settings {
            shape,
            ..settings(4, 2000, 120, PhaseMix::Mixed, 0.4)
        })
    };
    assert_eq!(with(Shape::default()).json, valid(&base).json);

    let soft = with(Shape {
        cap_mode: Some("soft".into()),
        ..Shape::default()
    });
    let mode = soft.wire.policy.as_ref().and_then(|p| p.fap_cap.as_ref());
    assert_eq!(mode.and_then(|c| c.mode.as_deref()), Some("soft"));
    assert!(valid(&base).wire.policy.is_none());

    let g = with(Shape {
        fap_share: Some(0.6),
        ..Shape::default()
    });
    let fap = g.wire.pupils.iter().filter(|p| p.kind == "fap").count() as f64 / 2000.0;
    assert!((fap - 0.6).abs() < 0.03, "FAP share {fap}");

    let g = with(Shape {
        preferences: Some((1, 3)),
        ..Shape::default()
    });
    let counts: Vec<usize> = g
        .wire
        .pupils
        .iter()
        .map(|p| p.preferences.as_ref().map_or(0, Vec::len))
        .collect();
    // Fewer than MIN only where fewer suitable schools are in reach.
    assert!(counts.iter().all(|&n| n <= 3), "{counts:?}");
    assert!(counts.iter().filter(|&&n| n == 0).count() < 20);
    assert!((1..=3).all(|n| counts.iter().filter(|&&c| c == n).count() > 400));

    let routed = |g: &Generated| {
        let fap: Vec<_> = g.wire.pupils.iter().filter(|p| p.kind == "fap").collect();
        fap.iter().filter(|p| p.route.is_some()).count() as f64 / fap.len() as f64
    };
    let ap = with(Shape {
        ap_share: Some(0.6),
        ..Shape::default()
    });
    assert!(routed(&ap) > 0.5 && routed(&valid(&base)) < 0.3);

    for ratio in [0.5, 2.0] {
        let g = with(Shape {
            scarcity: Some(ratio),
            ..Shape::default()
        });
        let free: i64 = g
            .wire
            .schools
            .iter()
            .flat_map(|s| s.year_groups.values())
            .map(|p| (p.pan - p.on_roll).max(0))
            .sum();
        let got = free as f64 / 2000.0;
        assert!((got - ratio).abs() < 0.1 * ratio, "scarcity {ratio}: {got}");
        assert!((free_share(&g) - free_share(&valid(&base))).abs() < 1e-9);
    }
    for bad in [
        Shape {
            fap_share: Some(1.5),
            ..Shape::default()
        },
        Shape {
            preferences: Some((3, 1)),
            ..Shape::default()
        },
        Shape {
            scarcity: Some(0.0),
            ..Shape::default()
        },
    ] {
        assert!(generate(&Settings {
            shape: bad,
            ..settings(1, 10, 10, PhaseMix::Mixed, 0.5)
        })
        .is_err());
    }
}
