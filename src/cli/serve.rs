//! `fap serve [SCENARIO | DIR]`: the panel meeting in a browser (docs/serve.md).

use crate::error::{FapError, Outcome};
use std::net::IpAddr;
use std::path::PathBuf;

/// Arguments of `fap serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fap serve scenarios/secondary-autumn2.json
      opens the round (data kept in secondary-autumn2.fap-data/ beside it) and prints
      the URL to open, e.g. http://127.0.0.1:8765/rounds/r1; Ctrl-C stops
  fap serve panel-data/
      serves every round kept in panel-data/ (as left by an earlier run)
  fap serve --bind 0.0.0.0 --token generate
      listens on every address; the printed URL carries a fresh access token

The pages and the JSON API are described in docs/serve.md and docs/api.md.")]
pub struct Args {
    /// A scenario file to open as a round, or a data directory to serve.
    pub input: Option<PathBuf>,
    /// The data directory [default: DIR, or <scenario stem>.fap-data beside
    /// the scenario, or ./fap-data].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Address to listen on; anything but loopback needs --token.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port (0: any free port).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// Access token every request must carry; `generate` makes one.
    #[arg(long, value_name = "T")]
    pub token: Option<String>,
}

/// Runs `fap serve`.
pub fn run(a: Args) -> Result<Outcome, FapError> {
    let (data, open) = match &a.input {
        Some(p) if p.is_dir() => (a.data.clone().unwrap_or_else(|| p.clone()), None),
        Some(p) => {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let beside = p.with_file_name(format!("{stem}.fap-data"));
            (a.data.clone().unwrap_or(beside), Some(p.clone()))
        }
        None => (
            a.data.clone().unwrap_or_else(|| PathBuf::from("fap-data")),
            None,
        ),
    };
    let token = a.token.map(|t| {
        if t == "generate" {
            crate::serve::security::random_token()
        } else {
            t
        }
    });
    if token
        .as_ref()
        .is_some_and(|t| t.len() < 16 || !t.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(FapError::Input(
            "--token must be at least 16 letters and digits\n  hint: --token generate makes one"
                .into(),
        ));
    }
    let cfg = crate::serve::Config {
        data,
        bind: a.bind,
        port: a.port,
        token,
        open,
    };
    crate::serve::run(cfg).map_err(FapError::Input)?;
    Ok(Outcome::Ok)
}
