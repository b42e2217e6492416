"""One locked environment per Glue version's engine, and `stedi run/glue-run --glue-version`."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version

import pytest

from awsglue.versions import for_spark
from stedi import engines
from stedi.cli import main


def test_the_default_glue_version_is_terraforms_read_alike_by_hcl2_and_the_preflight():
    assert engines.default_glue_version() == engines.default_version_without_hcl2()
    assert engines.default_glue_version() in engines.runnable_versions()


def test_runnable_versions_are_the_locked_ones_and_6_1_says_why_not():
    assert engines.runnable_versions() == ["5.0", "5.1", "6.0"]
    with pytest.raises(
        engines.EngineError,
        match=r"^Glue 6.1 is known but not runnable here: its jobs run Python 3.14, which neither PyPI",
    ):
        engines.check_version("6.1")
    with pytest.raises(engines.EngineError, match=r"^unknown Glue version '4.0'; runnable here: 5.0, 5.1, 6.0$"):
        engines.check_version("4.0")


def test_a_missing_python_names_the_version_and_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no python3.9, no pyenv
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.setattr(engines, "TOOLS", tmp_path)  # no uv

    with pytest.raises(engines.EngineError) as raised:
        engines.find_python("3.9")

    assert str(raised.value) == (
        "Python 3.9 not found (looked for python3.9 on PATH, `pyenv prefix 3.9`, ~/.pyenv/versions, "
        "`uv python find 3.9`); install it, e.g. `pyenv install 3.9`, `uv python install 3.9` "
        "or your system's python3.9 package"
    )


def test_the_running_interpreter_is_found_by_its_version():
    minor = f"{sys.version_info.major}.{sys.version_info.minor}"

    assert engines._python_minor(engines.find_python(minor)) == minor


@pytest.mark.parametrize("command", [["run"], ["glue-run", "x.py"]])
def test_a_glue_version_that_cannot_run_here_is_an_error_listing_the_runnable_ones(command, capsys):
    assert main([*command, "--glue-version", "6.1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("stedi: error: Glue 6.1 is known but not runnable here: ")
    assert err.endswith("; runnable: 5.0, 5.1, 6.0\n")
    assert main([*command, "--glue-version", "9.9"]) == 1
    assert capsys.readouterr().err == "stedi: error: unknown Glue version '9.9'; runnable here: 5.0, 5.1, 6.0\n"


def test_glue_run_on_another_version_reruns_the_command_in_that_engine(tmp_path):
    """Another version than this interpreter's engine: one line saying so, then the script runs on that version's
    PySpark and Python. The first call makes its environment from its lock (needs PyPI), as `make test` does."""
    own = version("pyspark")
    other = "6.0" if for_spark(own).version != "6.0" else "5.0"
    glue = engines.GLUE_VERSIONS[other]
    script = tmp_path / "which_engine.py"
    script.write_text("import sys, pyspark\nprint(pyspark.__version__, '%d.%d' % sys.version_info[:2])\n")
    env = {k: v for k, v in os.environ.items() if k not in ("STEDI_GLUE_VERSION", "STEDI_ENGINE_REEXEC")}
    command = [sys.executable, "-m", "stedi.cli", "glue-run", "--glue-version", other, "--lake", str(tmp_path)]

    proc = subprocess.run([*command, str(script)], env=env, capture_output=True, text=True, check=False)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{glue.spark} {glue.python}\n"
    assert proc.stderr == (
        f"stedi: Glue {other} runs PySpark {glue.spark} on Python {glue.python}, this environment has PySpark "
        f"{own}: running in {engines.venv_dir(other)}\n"
    )
