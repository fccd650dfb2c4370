//! Records the git commit fap is built from, for the audit trail in plans, and repairs a
//! broken `/dev/null` (below).
use std::process::Command;

fn main() {
    repair_dev_null();
    let commit = git(&["rev-parse", "HEAD"]).unwrap_or_else(|| "unknown".to_string());
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    let commit = if dirty && commit != "unknown" {
        format!("{commit}-dirty")
    } else {
        commit
    };
    println!("cargo:rustc-env=FAP_GIT_COMMIT={commit}");
    // NOTE: in a `git worktree` `.git` is a file, not a folder: ask git where HEAD and
    // the index live, or cargo watches a missing path and rebuilds fap on every run.
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        println!("cargo:rerun-if-changed={dir}/HEAD");
        println!("cargo:rerun-if-changed={dir}/index");
    }
}

/// What a git command prints, trimmed, if it ran and succeeded.
fn git(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
}

/// Some sandboxes start with `/dev/null` as a regular file. What one program then writes to
/// "null" the next reads back: build scripts' probe errors land in it, and the next cargo
/// command's own target probe (`rustc -`, stdin from `/dev/null`) parses them and fails with
/// "failed to run `rustc` to learn about target-specific information" (seen in CI, stop 23).
/// So the README's second command would fail after its first. Where that is so and the build
/// runs as root, put the character device back (atomically, by rename); otherwise say why.
#[cfg(target_os = "linux")]
fn repair_dev_null() {
    use std::os::unix::fs::FileTypeExt;
    let null = std::path::Path::new("/dev/null");
    match std::fs::symlink_metadata(null) {
        Ok(m) if m.file_type().is_char_device() => return,
        Err(_) => return,
        Ok(_) => {}
    }
    let fresh = "/dev/.null-fap-build";
    let _ = std::fs::remove_file(fresh);
    let made = Command::new("mknod")
        .args(["-m", "666", fresh, "c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if !(made && std::fs::rename(fresh, null).is_ok()) {
        let _ = std::fs::remove_file(fresh);
        println!(
            "cargo:warning=/dev/null is a regular file on this machine and could not be made a \
             device again (needs root); later cargo commands may fail to probe rustc"
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn repair_dev_null() {}
