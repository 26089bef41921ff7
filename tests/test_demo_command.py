import re


def test_demo_loads_data_logins_links_and_proposals(app, runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    passwords = re.findall(r"^\s+(admin|rep|product)\s+(\S+@example\.com)\s+(\S+)$", result.output, re.M)
    assert {role for role, _email, _pw in passwords} == {"admin", "rep", "product"}
    assert len(re.findall(r"http://\S+/s/[A-Za-z0-9_-]{43}", result.output)) == db["accounts"].count
    assert db["responses"].count > 50
    assert db.execute("SELECT count(*) FROM proposals WHERE state = 'ready'").fetchone()[0] > 10
    # Running it again keeps one row per account and response, with new passwords.
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert db["responses"].count == db.execute("SELECT count(DISTINCT id) FROM responses").fetchone()[0]


def test_demo_logins_work(app, runner, client):
    result = runner.invoke(args=["demo"])
    email, password = re.search(r"^\s+rep\s+(rep@example\.com)\s+(\S+)$", result.output, re.M).groups()
    from app_helpers import csrf_token

    page = client.get("/auth/login").get_data(as_text=True)
    response = client.post("/auth/login", data={"csrf_token": csrf_token(page), "email": email,
                                                "password": password})
    assert response.status_code == 302 and response.location.endswith("/reps/")
