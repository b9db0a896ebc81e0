"""Seeds a real MLflow tracking server for tests/mlflow.rs and the Action's MLflow test, with
MLflow's own Python client: an experiment `churn` with a champion run and a candidate run (their
metrics logged over several steps, out of order, and their per-example predictions as artifacts),
the model `churn` registered from the champion's run with the alias `champion`, and a run that
mlgate's `--mlflow-log` writes to. Prints the ids as JSON: {"champion": ..., "candidate": ...,
"log": ...}.

Usage: python seed.py TRACKING_URI PREDICTIONS_DIR (credentials from MLFLOW_TRACKING_USERNAME and
MLFLOW_TRACKING_PASSWORD, as MLflow's client reads them)
"""

import json
import sys

import mlflow
from mlflow import MlflowClient

uri, predictions = sys.argv[1], sys.argv[2]
mlflow.set_tracking_uri(uri)
client = MlflowClient(uri)
experiment = client.create_experiment("churn")


def run(name, git_sha, metrics, preds):
    created = client.create_run(experiment, run_name=name, tags={"git_sha": git_sha})
    run_id = created.info.run_id
    for key, steps in metrics.items():
        for step, value in steps:
            client.log_metric(run_id, key, value, step=step)
    client.log_artifact(run_id, f"{predictions}/{preds}", artifact_path="preds")
    client.set_terminated(run_id)
    return run_id


# Steps logged out of order: the value at the highest step counts (MLflow's latest metric).
champion = run(
    "champion",
    "aaa111",
    {"accuracy": [(10, 0.905), (3, 0.70)], "f1": [(10, 0.884)], "log_loss": [(10, 0.29)]},
    "main.csv",
)
candidate = run(
    "candidate",
    "bbb222",
    # precision: logged by the candidate only, so the champion's run misses it.
    {"accuracy": [(2, 0.80), (12, 0.871), (5, 0.95)], "f1": [(12, 0.842)], "log_loss": [(12, 0.301)], "precision": [(12, 0.8)]},
    "candidate.csv",
)
client.create_registered_model("churn")
version = client.create_model_version("churn", f"runs:/{champion}/model", run_id=champion)
client.set_registered_model_alias("churn", "champion", version.version)
log = client.create_run(experiment, run_name="gate", tags={"git_sha": "ccc333"}).info.run_id
print(json.dumps({"champion": champion, "candidate": candidate, "log": log, "version": version.version}))
