//! The batch recipes in scripts/sweep-array-job/ parse and agree with
//! themselves: every file is well-formed, each names the shard count once per
//! place it must, and each shard runs `fap sweep ... --shard I/N --resume`.

use serde_json::Value;
use std::path::PathBuf;

fn recipe(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scripts/sweep-array-job")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn json(name: &str) -> Value {
    serde_json::from_str(&recipe(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn aws_batch_array_shards_resume_and_the_merge_waits_for_them() {
    let def = json("aws-batch-job-definition.json");
    let c = &def["containerProperties"];
    let cmd = c["command"][2].as_str().unwrap();
    assert!(
        cmd.contains("AWS_BATCH_JOB_ARRAY_INDEX + 1") && cmd.contains("--shard \"$I/$FAP_SHARDS\"")
    );
    assert!(cmd.contains("--resume") && cmd.contains("[ $rc -eq 4 ]"));
    let env = c["environment"].as_array().unwrap();
    let shards = env.iter().find(|e| e["name"] == "FAP_SHARDS").unwrap()["value"]
        .as_str()
        .unwrap();
    let submit = json("aws-batch-submit.json");
    assert_eq!(submit["arrayProperties"]["size"].to_string(), shards);
    assert_eq!(submit["jobDefinition"], def["jobDefinitionName"]);
    let merge = json("aws-batch-merge.json");
    assert_eq!(merge["dependsOn"][0]["jobId"], "ARRAY_JOB_ID");
    assert!(recipe("aws-batch").contains("s/ARRAY_JOB_ID/$array/"));
    assert!(merge["containerOverrides"]["command"][2]
        .as_str()
        .unwrap()
        .contains("fap sweep merge \"$FAP_OUT\"/shard-*"));
    assert!(def["retryStrategy"]["attempts"].as_u64().unwrap() > 1);
}

#[test]
fn databricks_job_runs_one_task_per_shard_then_the_merge() {
    let job = json("databricks-job.json");
    let shards: usize = job["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "shards")
        .unwrap()["default"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let tasks = job["tasks"].as_array().unwrap();
    let each = &tasks[0]["for_each_task"];
    let inputs: Vec<usize> = serde_json::from_str(each["inputs"].as_str().unwrap()).unwrap();
    assert_eq!(inputs, (1..=shards).collect::<Vec<_>>());
    let shard = &each["task"]["spark_python_task"];
    assert_eq!(shard["parameters"][0], "shard");
    assert_eq!(shard["parameters"][1], "{{input}}");
    assert_eq!(tasks[1]["depends_on"][0]["task_key"], tasks[0]["task_key"]);
    assert_eq!(tasks[1]["spark_python_task"]["parameters"][0], "merge");
    let py = recipe("databricks-fap.py");
    assert!(shard["python_file"]
        .as_str()
        .unwrap()
        .ends_with("/databricks-fap.py"));
    assert!(
        py.contains("\"--shard\", f\"{i}/{n}\", \"--resume\"") && py.contains("rc in (0, 1, 4)")
    );
}

#[test]
fn kubernetes_indexed_job_runs_as_many_shards_as_completions() {
    let y = recipe("k8s-indexed-job.yaml");
    assert!(!y.contains('\t'), "YAML forbids tabs");
    let field = |k: &str| -> String {
        y.lines()
            .find_map(|l| l.trim().strip_prefix(k))
            .unwrap_or_else(|| panic!("{k}"))
            .trim()
            .to_string()
    };
    assert_eq!(field("completionMode:"), "Indexed");
    let n = field("completions:");
    assert_eq!(field("parallelism:"), n);
    assert!(y.contains(&format!("--shard $I/{n}")) && y.contains("JOB_COMPLETION_INDEX + 1"));
    assert!(recipe("k8s-merge-job.yaml").contains("fap sweep merge"));
}
