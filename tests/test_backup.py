import sqlite3

from webapp import create_app


def test_backup_and_restore(demo, runner, app, tmp_path, db):
    target = tmp_path / "backups" / "copy.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM responses").fetchone()[0] == 4
    copy.close()

    # Restore as documented: the copy becomes the database of a (new) app instance.
    restored = create_app({"TESTING": True, "DATABASE": str(target), "SECRET_KEY": "x"})
    out = tmp_path / "export.jsonl"
    result = restored.test_cli_runner().invoke(args=["triage", "export", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text("utf-8").splitlines()) == 4


def test_backup_to_unwritable_place_fails_clearly(demo, runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(args=["backup", str(blocker / "sub" / "copy.sqlite")])
    assert result.exit_code != 0 and "backup failed" in result.output
