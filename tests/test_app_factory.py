from pathlib import Path

from webapp import create_app


def test_defaults_follow_formats_md(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_DATABASE", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["DATABASE"].endswith("instance/webapp.sqlite")
    assert app.config["OUTPUT_DIR"] == "output/"


def test_environment_overrides_with_flask_prefix(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DATABASE", str(tmp_path / "env.sqlite"))
    monkeypatch.setenv("FLASK_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["DATABASE"] == str(tmp_path / "env.sqlite")
    assert app.config["OUTPUT_DIR"] == str(tmp_path / "out")
    assert app.config["SECRET_KEY"] == "from-env"


def test_secret_key_is_random_per_instance_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    first = create_app({"TESTING": True})
    first.instance_path = str(tmp_path)
    from webapp import _instance_secret

    key = _instance_secret(first)
    assert len(key) == 64
    assert _instance_secret(first) == key
    assert (Path(tmp_path) / "secret_key").stat().st_mode & 0o077 == 0


def test_test_config_wins(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret"


def test_security_headers_on_every_page(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
