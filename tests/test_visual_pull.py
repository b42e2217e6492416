"""Publish, pull and diff against a moto server (with the project's UpdateJob/JobMode support,
stedi.aws.moto_server.patch_moto_glue).

UpdateJob "completely overwrites" the job definition, "unspecified configuration is removed or reset to default
values" (Glue API reference: UpdateJob, JobUpdate), so publish must send every field back. A Studio save stores
the graph on the job and the script Studio generated at ScriptLocation; it is simulated here by UpdateJob with
the edited graph and an upload of the script Studio would generate for it.
"""

import copy
import json
from pathlib import Path

import boto3
import pytest

from stedi.cli import main
from stedi.visual.publish import fill, job_update, publish, restore
from stedi.visual.pull import PullRefused, diff, pull
from stedi.visual.render import GraphError, dump_graph, load_graph, render_script

FIXTURES = Path(__file__).parent / "fixtures" / "visual"
BUCKET = "stedi-lake-123456789012-us-east-1"
VALUES = {"DATABASE": "stedi", "LAKE_BUCKET": BUCKET}


@pytest.fixture(scope="module")
def aws(moto_endpoint):
    glue, s3 = boto3.client("glue"), boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    return glue, s3


def deploy(glue, s3, job: str, graph_name: str = "privacy_join") -> dict:
    """A job as Terraform creates it (script-only), then its graph published."""
    key = f"scripts/{job}.py"
    glue.create_job(
        Name=job,
        Description=f"Runs {key}",
        Role="arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi",
        Command={"Name": "glueetl", "ScriptLocation": f"s3://{BUCKET}/{key}", "PythonVersion": "3"},
        DefaultArguments={"--DATABASE": "stedi", "--LAKE_BUCKET": BUCKET, "--PROFILE": "strict"},
        ExecutionProperty={"MaxConcurrentRuns": 1},
        MaxRetries=0,
        Timeout=60,
        GlueVersion="5.0",
        WorkerType="G.1X",
        NumberOfWorkers=2,
        SecurityConfiguration="stedi-jobs",
        ExecutionClass="STANDARD",
        Tags={"Project": "stedi"},
    )
    graph = load_graph(FIXTURES / f"{graph_name}.json")
    s3.put_object(Bucket=BUCKET, Key=key, Body=render_script(graph).encode())
    publish(glue, job, graph)
    return graph


def studio_save(glue, s3, job: str, graph: dict) -> None:
    """What a save on the canvas leaves behind: the (filled) graph on the job, Studio's script at ScriptLocation."""
    current = glue.get_job(JobName=job)["Job"]
    filled = fill(graph, VALUES)
    glue.update_job(JobName=job, JobUpdate=job_update(current, filled))
    location = current["Command"]["ScriptLocation"]
    s3.put_object(Bucket=BUCKET, Key=location.split("/", 3)[3], Body=render_script(filled).encode())


def test_publish_keeps_every_field_and_makes_the_job_visual(aws) -> None:
    glue, s3 = aws
    graph = load_graph(FIXTURES / "privacy_join.json")
    glue.create_job(
        Name="kept",
        Role="arn:aws:iam::123456789012:role/AWSGlueServiceRole-stedi",
        Command={"Name": "glueetl", "ScriptLocation": f"s3://{BUCKET}/scripts/kept.py", "PythonVersion": "3"},
        DefaultArguments={"--DATABASE": "stedi", "--LAKE_BUCKET": BUCKET},
        Timeout=60,
        GlueVersion="5.0",
        WorkerType="G.1X",
        NumberOfWorkers=2,
        Tags={"Project": "stedi"},
    )
    before = glue.get_job(JobName="kept")["Job"]
    assert before["JobMode"] == "SCRIPT"
    publish(glue, "kept", graph)
    after = glue.get_job(JobName="kept")["Job"]
    assert after["JobMode"] == "VISUAL"
    assert after["CodeGenConfigurationNodes"] == fill(graph, VALUES)
    assert after["CodeGenConfigurationNodes"]["node-1"]["CatalogSource"]["Database"] == "stedi"
    changed = {"JobMode", "CodeGenConfigurationNodes", "LastModifiedOn"}
    assert {k: v for k, v in after.items() if k not in changed} == {k: v for k, v in before.items() if k not in changed}
    arn = "arn:aws:glue:us-east-1:123456789012:job/kept"
    assert glue.get_tags(ResourceArn=arn)["Tags"] == {"Project": "stedi"}


def test_update_job_replaces_the_whole_definition(aws) -> None:
    """The moto side behaves as the docs say: a field left out of JobUpdate is reset."""
    glue, s3 = aws
    deploy(glue, s3, "reset")
    job = glue.get_job(JobName="reset")["Job"]
    glue.update_job(JobName="reset", JobUpdate={"Role": job["Role"], "Command": job["Command"]})
    after = glue.get_job(JobName="reset")["Job"]
    assert (after["JobMode"], after.get("CodeGenConfigurationNodes"), after["DefaultArguments"]) == ("SCRIPT", None, {})


def test_publish_refuses_a_placeholder_without_value(aws) -> None:
    glue, s3 = aws
    deploy(glue, s3, "unknown-placeholder")
    graph = load_graph(FIXTURES / "privacy_join.json")
    graph["node-1"]["CatalogSource"]["Table"] = "${TABLE}"
    with pytest.raises(GraphError, match=r"^graph of unknown-placeholder\.node-1\.CatalogSource\.Table: no value"):
        publish(glue, "unknown-placeholder", graph)


def test_a_studio_save_pulled_gives_the_edited_graph_and_its_script(aws, tmp_path: Path, capsys) -> None:
    glue, s3 = aws
    graph = deploy(glue, s3, "edited")
    (tmp_path / "edited.json").write_text(dump_graph(graph))
    (tmp_path / "edited.py").write_text(render_script(graph))
    assert diff(glue, s3, "edited", tmp_path) == ""

    edited = copy.deepcopy(graph)
    edited["node-3"]["SparkSQL"]["SqlQuery"] = "select a.*\nfrom a\njoin c on a.user = c.email\nwhere a.x is not null"
    edited["node-3"]["SparkSQL"]["Name"] = "Privacy Join (Studio)"
    studio_save(glue, s3, "edited", edited)

    assert main(["visual", "diff", "--job", "edited", "--dir", str(tmp_path)]) == 1
    shown = capsys.readouterr().out
    assert "+where a.x is not null\n" in shown and f"--- repo/{tmp_path}/edited.json\n" in shown
    assert pull(glue, s3, "edited", tmp_path) == [tmp_path / "edited.json", tmp_path / "edited.py"]
    assert json.loads((tmp_path / "edited.json").read_text()) == edited
    assert (tmp_path / "edited.json").read_text() == dump_graph(edited)
    assert (tmp_path / "edited.py").read_text() == render_script(edited)
    assert "${LAKE_BUCKET}" in (tmp_path / "edited.json").read_text()
    assert main(["visual", "diff", "--job", "edited", "--dir", str(tmp_path)]) == 0


def test_pull_writes_glues_script_as_is_when_the_renderer_disagrees(aws, tmp_path: Path) -> None:
    glue, s3 = aws
    graph = deploy(glue, s3, "disagrees")
    hand_edited = render_script(fill(graph, VALUES)) + "# edited in the script editor\n"
    s3.put_object(Bucket=BUCKET, Key="scripts/disagrees.py", Body=hand_edited.encode())
    warnings = []
    pull(glue, s3, "disagrees", tmp_path, warn=warnings.append)
    assert (tmp_path / "disagrees.py").read_text() == hand_edited
    assert (tmp_path / "disagrees.json").read_text() == dump_graph(graph)
    assert warnings == [
        "stedi: warning: disagrees: the script Glue generated differs from `stedi visual render` of its graph; "
        "disagrees.py is written as Glue generated it (with the deployed values)"
    ]


def test_pull_refuses_a_job_converted_to_script_mode(aws, tmp_path: Path, capsys) -> None:
    glue, s3 = aws
    deploy(glue, s3, "converted")
    job = glue.get_job(JobName="converted")["Job"]
    update = {k: v for k, v in job_update(job, {}).items() if k != "CodeGenConfigurationNodes"}
    glue.update_job(JobName="converted", JobUpdate={**update, "JobMode": "SCRIPT"})
    message = (
        "job converted: JobMode is SCRIPT and it has no graph (CodeGenConfigurationNodes): it was converted to "
        "script mode in Glue Studio (or never published), so its script is not generated from a graph; nothing "
        "written. Re-create the graph on the canvas, or run `terraform apply` to publish the repository's graph again."
    )
    with pytest.raises(PullRefused) as refused:
        pull(glue, s3, "converted", tmp_path)
    assert str(refused.value) == message
    assert list(tmp_path.iterdir()) == []
    assert main(["visual", "pull", "--job", "converted", "--dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"stedi: error: {message}\n"
    assert main(["visual", "diff", "--job", "converted", "--dir", str(tmp_path)]) == 1


def test_restore_puts_placeholders_back_only_on_whole_values() -> None:
    graph = {
        "n": {
            "CatalogSource": {"Name": "stedi source", "Database": "stedi", "Table": "stedi_customers"},
            "p": f"s3://{BUCKET}/customer/",
            "q": "select * from stedi.customer_trusted",
        }
    }
    assert restore(graph, VALUES) == {
        "n": {
            "CatalogSource": {"Name": "${DATABASE} source", "Database": "${DATABASE}", "Table": "stedi_customers"},
            "p": "s3://${LAKE_BUCKET}/customer/",
            "q": "select * from ${DATABASE}.customer_trusted",
        }
    }


def test_pull_of_a_job_that_does_not_exist_is_one_error_line(aws, tmp_path: Path, capsys) -> None:
    assert main(["visual", "pull", "--job", "nope", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("stedi: error: An error occurred (EntityNotFoundException) when calling the GetJob") and (
        err.count("\n") == 1
    )
