"""`stedi run` without --landing: generated sample data, and the generator's known answer per profile."""

from __future__ import annotations

import json

from stedi.cli import main as stedi_main


def test_run_without_landing_generates_data_and_matches_the_generators_answer(tmp_path, capsys):
    lake = tmp_path / "lake"
    summary_path = tmp_path / "summary.json"
    assert stedi_main(["run", "--lake", str(lake), "--summary-json", str(summary_path)]) == 0
    out = capsys.readouterr().out
    assert "generating sample landing data" in out
    manifest = json.loads((lake / "_sample_landing" / "manifest.json").read_text())
    summary = json.loads(summary_path.read_text())
    assert summary["profile"] == "strict"
    assert summary["tables"] == manifest["expected"]["strict"]
    assert summary["quarantined"] == {"customer": 0, "accelerometer": 0, "step_trainer": 0}


def test_missing_landing_folder_is_a_clear_error(tmp_path, capsys):
    code = stedi_main(["run", "--landing", str(tmp_path / "nowhere"), "--lake", str(tmp_path / "lake")])
    assert code == 1
    err = capsys.readouterr().err
    assert f"landing folder not found: {tmp_path / 'nowhere' / 'customer' / 'landing'}" in err


def test_unknown_profile_is_refused_by_the_cli(tmp_path, capsys):
    try:
        stedi_main(["run", "--lake", str(tmp_path), "--profile", "lenient"])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "invalid choice: 'lenient'" in capsys.readouterr().err
