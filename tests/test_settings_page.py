from app_helpers import csrf_token

from webapp.settings import get_settings


def form_data(page: str, **changes) -> dict:
    data = {
        "csrf_token": csrf_token(page),
        "company_name": "Vendor K.K.",
        "company_name_ja": "ベンダー株式会社",
        "primary_color": "#123456",
        "logo_path": "",
        "hourly_cost": "5000",
        "proposal_validity_days": "45",
        "webhook_url": "",
        "theme_threshold": "0.55",
    }
    data.update(changes)
    return data


def test_admin_changes_business_settings(login, client, db):
    login("admin")
    page = client.get("/admin/settings").get_data(as_text=True)
    response = client.post("/admin/settings", data=form_data(page, approval_required="y"))
    assert response.status_code == 302
    settings = get_settings(db)
    assert settings.company("ja") == "ベンダー株式会社" and settings.hourly_cost == 5000
    assert settings.approval_required and settings.theme_threshold == 0.55


def test_bad_settings_are_refused_and_nothing_changes(login, client, db):
    login("admin")
    page = client.get("/admin/settings").get_data(as_text=True)
    for bad in (
        {"primary_color": "red; background:url(x)"},
        {"webhook_url": "file:///etc/passwd"},
        {"hourly_cost": "-3"},
        {"theme_threshold": "2"},
        {"logo_path": "../../etc/passwd"},
    ):
        assert client.post("/admin/settings", data=form_data(page, **bad)).status_code == 400
    assert get_settings(db).company_name == "Customer Success"


def test_only_admins_see_settings(login, client):
    login("product")
    assert client.get("/admin/settings").status_code == 404
