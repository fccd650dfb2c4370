//! Ranking: lexicographic by outcomes, ties shared, never above the base when worse on all.

use super::*;

#[test]
fn equal_keys_share_a_rank_and_order_by_index() {
    let keys: [f64; 4] = [5.0, 3.0, 5.0, 1.0];
    let r = competition_ranks(&[0, 1, 2, 3], |a, b| keys[a].total_cmp(&keys[b]));
    assert_eq!(
        r.into_iter().collect::<Vec<_>>(),
        [(0, 3), (1, 2), (2, 3), (3, 1)]
    );
}

#[test]
fn rank_key_steps_by_tolerance_and_orients_higher_is_better() {
    let o = Options {
        rank_by: vec![0, 3],
        ..Options::default()
    };
    let mut f = Figures { values: [0.0; N] };
    f.values[0] = 10.0;
    f.values[3] = 2.01;
    let mut g = f.clone();
    g.values[3] = 2.02;
    assert_eq!(
        cmp_keys(&rank_key(&f, &o), &rank_key(&g, &o)),
        Ordering::Equal
    );
    g.values[0] = 11.0;
    assert_eq!(
        cmp_keys(&rank_key(&g, &o), &rank_key(&f, &o)),
        Ordering::Less,
        "more placed ranks first"
    );
}
