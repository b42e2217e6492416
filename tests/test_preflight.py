"""`make run` / `make test` name what the machine lacks before installing anything (stedi.preflight)."""

from __future__ import annotations

import shutil

from stedi import preflight


def test_a_machine_without_java_and_terraform_is_told_both(monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name in ("java", "terraform") else real_which(name))
    problems = preflight.missing("test")
    assert "Java 17 (as on Glue 5.x and 6.0; 21 works too): no `java` on PATH; install a JDK 17" in problems
    assert "Terraform >= 1.9: no `terraform` on PATH; see https://developer.hashicorp.com/terraform/install" in problems
    # `make run` needs no Terraform.
    assert not any(p.startswith("Terraform") for p in preflight.missing("run"))


def test_this_machine_has_what_make_test_needs():
    assert preflight.missing("test") == []
