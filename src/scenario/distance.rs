//! Straight-line distances between locations, in km.
//!
//! One function for both kinds of location so that the model, the checker and
//! the reports cannot disagree. The route factor and `travel_km` overrides are
//! applied by [`Scenario::distance`](super::Scenario::distance).

use super::Location;

/// Mean Earth radius used by SCENARIO.md, km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Straight-line km: Euclidean on the grid, haversine on lat/lon. Mixed kinds
/// cannot occur in a validated scenario; they give `f64::INFINITY`.
pub fn straight_km(a: Location, b: Location) -> f64 {
    match (a, b) {
        (
            Location::Grid {
                easting: e1,
                northing: n1,
            },
            Location::Grid {
                easting: e2,
                northing: n2,
            },
        ) => ((e1 - e2).powi(2) + (n1 - n2).powi(2)).sqrt() / 1000.0,
        (Location::LatLon { lat: la1, lon: lo1 }, Location::LatLon { lat: la2, lon: lo2 }) => {
            let (p1, p2) = (la1.to_radians(), la2.to_radians());
            let dp = p2 - p1;
            let dl = (lo2 - lo1).to_radians();
            let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
            2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
        }
        _ => f64::INFINITY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(e: f64, n: f64) -> Location {
        Location::Grid {
            easting: e,
            northing: n,
        }
    }
    fn ll(lat: f64, lon: f64) -> Location {
        Location::LatLon { lat, lon }
    }

    #[test]
    fn grid_is_pythagoras_in_km() {
        assert_eq!(straight_km(grid(0.0, 0.0), grid(3000.0, 4000.0)), 5.0);
        assert_eq!(
            straight_km(grid(535120.0, 181350.0), grid(535120.0, 181350.0)),
            0.0
        );
    }

    #[test]
    fn one_degree_of_latitude_is_111_km() {
        // 2πR/360 = 111.1951 km for R = 6371.0088.
        let d = straight_km(ll(51.0, -0.1), ll(52.0, -0.1));
        assert!((d - 111.19508).abs() < 1e-4, "{d}");
    }

    #[test]
    fn london_to_leeds_by_haversine() {
        // Charing Cross (51.5074, -0.1278) to Leeds (53.8008, -1.5491): 272 km by hand.
        let d = straight_km(ll(51.5074, -0.1278), ll(53.8008, -1.5491));
        assert!((d - 272.0).abs() < 1.0, "{d}");
    }

    #[test]
    fn antipodes_do_not_produce_nan() {
        let d = straight_km(ll(0.0, 0.0), ll(0.0, 180.0));
        assert!((d - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-6);
    }
}
