"""The deployment tier runs README.md's Deployment section itself: these
checks, which need neither nginx nor PostgreSQL, fail as soon as the section
no longer has the lines the tier replaces."""

from pathlib import Path

import pytest

from tests.deploy.stack import (
    README,
    StackError,
    deployment_section,
    nginx_site,
    server_script,
)

URL = "postgresql://spasm@127.0.0.1:6543/spasm"


def site(section: str) -> str:
    return nginx_site(section, port=8443, upstream_port=8000, certificate=Path("/t/c.pem"), key=Path("/t/k.pem"))


def test_the_shell_steps_run_as_written_with_only_the_database_replaced():
    section = deployment_section()
    script = server_script(section, URL)
    assert f"export SPASM_DATABASE_URL={URL}\n" in script
    assert "postgresql://spasm:secret@db.internal" not in script
    lines = script.splitlines()
    assert lines[0] == "set -euo pipefail"
    assert lines[-1] == "exec .venv/bin/gunicorn --config gunicorn.conf.py app:app"
    # Everything else is the README's own text.
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    untouched = [line for line in block.splitlines() if "SPASM_DATABASE_URL" not in line]
    assert untouched[:-1] == [line for line in lines[1:-1] if "SPASM_DATABASE_URL" not in line]
    for setting in ("SPASM_SECRET_KEY=", "SPASM_BEHIND_HTTPS=true", "SPASM_PROXY_COUNT=1", "SPASM_REGION="):
        assert setting in script


def test_the_nginx_site_is_the_readmes_with_ports_name_and_certificate_replaced():
    section = deployment_section()
    rendered = site(section)
    assert "listen 127.0.0.1:8443 ssl" in rendered
    assert "server_name localhost;" in rendered
    assert "ssl_certificate     /t/c.pem;" in rendered and "ssl_certificate_key /t/k.pem;" in rendered
    assert "proxy_pass http://127.0.0.1:8000;" in rendered
    block = section.split("```nginx\n", 1)[1].split("```", 1)[0]
    replaced = ("listen", "server_name", "ssl_", "proxy_pass")
    kept = [line for line in block.splitlines() if not any(word in line for word in replaced)]
    assert kept == [line for line in rendered.splitlines() if not any(word in line for word in replaced)]


def test_nginx_passes_on_the_host_the_browser_used_and_sets_the_forwarded_headers():
    rendered = site(deployment_section())
    assert "proxy_set_header Host $http_host;" in rendered
    assert "proxy_set_header X-Forwarded-Host $http_host;" in rendered
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in rendered
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in rendered


@pytest.mark.parametrize(
    "old, new",
    [
        ("listen 443 ssl http2;", "listen 8443 ssl;"),
        ("proxy_pass http://127.0.0.1:5000;", "proxy_pass http://app;"),
        ("export SPASM_DATABASE_URL=postgresql://spasm:secret@db.internal/spasm\n", ""),
        (".venv/bin/gunicorn --config gunicorn.conf.py app:app\n", ""),
    ],
)
def test_a_section_the_tier_cannot_follow_is_an_error(old, new):
    readme = README.read_text(encoding="utf-8")
    assert old in readme
    changed = deployment_section(readme.replace(old, new))
    with pytest.raises(StackError):
        server_script(changed, URL)
        site(changed)
