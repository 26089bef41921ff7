from webapp.db import connect


def test_init_db_twice_is_safe(app, runner, tmp_path):
    first = runner.invoke(args=["init-db"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["init-db"])
    assert second.exit_code == 0, second.output
    assert "Applied migrations" not in second.output
    db = connect(app.config["DATABASE"])
    names = [r["name"] for r in db.query("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert names == sorted(set(names)) and names[0] == "0001_core"
    assert {"users", "accounts", "responses", "triage", "proposals"} <= set(db.table_names())


def test_database_is_in_wal_mode(app, runner):
    runner.invoke(args=["init-db"])
    db = connect(app.config["DATABASE"])
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_init_db_creates_a_fresh_file(tmp_path):
    from webapp import create_app

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "new" / "fresh.sqlite")})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "fresh.sqlite").exists()
