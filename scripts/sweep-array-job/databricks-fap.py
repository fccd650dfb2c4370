"""One task of the Databricks recipe (databricks-job.json): a shard or the merge.

usage: databricks-fap.py shard I N SWEEP OUT FAP    runs shard I of N into OUT/shard-I
       databricks-fap.py merge 0 N SWEEP OUT FAP    merges OUT/shard-1..N into OUT/merged

Copy this file and a Linux `fap` binary to the Volume the job names. Shards resume
(a retried task keeps what it finished); exits 1 and 4 (a variant not proven optimal,
or without a plan: both recorded in the report) count as success so the merge runs.
"""
import subprocess
import sys


def main(argv):
    what, i, n, sweep, out, fap = argv[1:7]
    if what == "shard":
        cmd = [fap, "sweep", sweep, "-o", f"{out}/shard-{i}", "--shard", f"{i}/{n}", "--resume"]
    elif what == "merge":
        shards = [f"{out}/shard-{k}" for k in range(1, int(n) + 1)]
        cmd = [fap, "sweep", "merge", *shards, "-o", f"{out}/merged"]
    else:
        sys.exit(f"unknown task {what!r}: shard or merge")
    rc = subprocess.run(cmd, check=False).returncode
    sys.exit(0 if rc in (0, 1, 4) else rc)


if __name__ == "__main__":
    main(sys.argv)
