"""The Terraform configuration, statically: fmt, init + validate, `terraform test` (mocked provider), checkov.

All of it runs offline: stedi.tf_offline points Terraform at the local provider mirror when there is one.
The apply against moto is in test_terraform_apply.py.
"""

import shutil
from pathlib import Path

import pytest

from stedi.tf_offline import (
    MIRROR_ENV,
    copy_config,
    find_provider_mirror,
    run_checkov,
    terraform,
    terraform_env,
    write_cli_config,
)


def fake_mirror(root: Path, packed: bool) -> Path:
    aws = root / "registry.terraform.io" / "hashicorp" / "aws"
    if packed:
        aws.mkdir(parents=True)
        (aws / "terraform-provider-aws_5.100.0_linux_amd64.zip").write_bytes(b"PK")
    else:
        platform = aws / "5.100.0" / "linux_amd64"
        platform.mkdir(parents=True)
        (platform / "terraform-provider-aws_v5.100.0_x5").write_bytes(b"")
    return root


@pytest.mark.parametrize("packed", [False, True], ids=["unpacked", "packed"])
def test_cli_config_installs_registry_providers_from_the_mirror_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packed: bool
) -> None:
    mirror = fake_mirror(tmp_path / "mirror", packed)
    monkeypatch.setenv(MIRROR_ENV, str(mirror))
    assert find_provider_mirror() == mirror
    config = write_cli_config(mirror, tmp_path / "cache").read_text()
    assert f'path    = "{mirror}"' in config
    assert 'exclude = ["registry.terraform.io/*/*"]' in config
    # init symlinks an unpacked mirror's provider; only a packed one is worth a plugin cache
    assert ("plugin_cache_dir" in config) is packed
    env = terraform_env(tmp_path / "cache", base={})
    assert env["TF_CLI_CONFIG_FILE"] == str(tmp_path / "cache" / "terraformrc")


def test_an_explicit_mirror_that_holds_no_provider_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MIRROR_ENV, str(tmp_path))
    with pytest.raises(FileNotFoundError, match=MIRROR_ENV):
        find_provider_mirror()


@pytest.fixture(scope="module")
def tf_env() -> dict[str, str]:
    if shutil.which("terraform") is None:
        pytest.fail("terraform is not on PATH: the Terraform tests need Terraform >= 1.7")
    return terraform_env()


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory, tf_env: dict[str, str]) -> Path:
    """A copy of the configuration, initialised without a backend."""
    tf_dir = copy_config(tmp_path_factory.mktemp("tf-static"))
    terraform(["init", "-backend=false", "-input=false"], tf_dir, tf_env)
    return tf_dir


def test_terraform_files_are_fmt_clean(repo_root: Path, tf_env: dict[str, str]) -> None:
    proc = terraform(["fmt", "-check", "-recursive", "-diff"], repo_root / "terraform", tf_env)
    assert proc.stdout == ""


def test_configuration_is_valid(initialised: Path, tf_env: dict[str, str]) -> None:
    proc = terraform(["validate", "-no-color"], initialised, tf_env)
    assert "The configuration is valid" in proc.stdout


def test_terraform_test_passes(initialised: Path, tf_env: dict[str, str]) -> None:
    proc = terraform(["test", "-no-color"], initialised, tf_env)
    assert "0 failed" in proc.stdout, proc.stdout


def test_checkov_finds_no_failed_check(repo_root: Path) -> None:
    report = run_checkov(repo_root / "terraform")
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert failed == []
    assert report["summary"]["parsing_errors"] == 0
    assert report["summary"]["passed"] > 0


def test_every_checkov_skip_gives_a_reason(repo_root: Path) -> None:
    skips = [
        (path.name, line.strip())
        for path in (repo_root / "terraform").rglob("*.tf")
        for line in path.read_text().splitlines()
        if "checkov:skip=" in line
    ]
    assert skips, "expected the documented skips"
    for name, line in skips:
        check_and_reason = line.split("checkov:skip=", 1)[1]
        check_id, _, reason = check_and_reason.partition(":")
        assert check_id.startswith(("CKV_", "CKV2_")), (name, line)
        assert len(reason.strip()) > 20, f"{name}: skip without a real reason: {line}"


def test_scripts_are_uploaded_after_the_bucket_encryption_is_in_place(
    initialised: Path, tf_env: dict[str, str]
) -> None:
    """S3 applies a bucket's default encryption only to objects written after it is configured: the scripts
    must wait for it (storage's bucket_name output depends_on the encryption configuration and the policy)."""
    graph = terraform(["graph"], initialised, tf_env).stdout
    script = '"module.etl_jobs.aws_s3_object.script"'
    assert f'{script} -> "module.storage.aws_s3_bucket_server_side_encryption_configuration.lake"' in graph
    assert f'{script} -> "module.storage.aws_s3_bucket_policy.lake"' in graph
