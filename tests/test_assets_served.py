"""/assets/ as a browser gets it: through the whole WSGI stack, where
WhiteNoise, in front of everything, sends the files written at start-up under
the instance folder (a fresh folder for each test here)."""

import gzip
import re
from pathlib import Path

import brotli
import pytest
from flask import request

from spasm import create_app
from spasm.extensions import db
from spasm.web import asset_files, assets, security
from tests.conftest import TEST_SECRET, TEST_VAPID_KEY, TEST_VAPID_SUBJECT

ENCODINGS = {"br": "br", "gzip": "gzip, deflate", None: ""}


@pytest.fixture
def make(database_uri, tmp_path):
    """Builds the app as gunicorn does, with tmp_path as its instance folder,
    and counts the requests that get as far as Flask."""
    made = []

    def make(**overrides):
        config = {
            "TESTING": True,
            "SECRET_KEY": TEST_SECRET,
            "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
            "VAPID_SUBJECT": TEST_VAPID_SUBJECT,
            "SQLALCHEMY_DATABASE_URI": database_uri,
            **overrides,
        }
        app = create_app(config, instance_path=str(tmp_path / "instance"))
        app.reached_flask = []

        @app.before_request
        def note():
            app.reached_flask.append(request.path)

        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def found(app) -> dict[str, assets.Bundle]:
    return app.extensions["spasm_assets"]["bundles"]


def hashed_urls(app) -> list[tuple[str, assets.Bundle]]:
    """The classic script bundle and one module, as home names them."""
    html = app.test_client().get("/").get_data(as_text=True)
    bundle = re.search(r'<script src="(/assets/app\.[0-9a-f]{12}\.js)"', html).group(1)
    module = re.search(r'<script type="module" src="(/assets/js/[0-9a-f]{12}/app\.js)"', html).group(1)
    by_url = {f"/assets/{b.filename}": b for b in found(app).values()}
    return [(bundle, by_url[bundle]), (module, by_url[module])]


def decoded(response) -> bytes:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    return {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, lambda b: b)(body)


def test_a_bundle_and_a_module_come_from_files_in_the_encoding_asked_for(make):
    app = make()
    client = app.test_client()
    for url, bundle in hashed_urls(app):
        app.reached_flask.clear()
        for encoding, accepted in ENCODINGS.items():
            response = client.get(url, headers={"Accept-Encoding": accepted})
            assert response.status_code == 200, url
            assert response.headers.get("Content-Encoding") == encoding, (url, accepted)
            assert response.get_data() == {"br": bundle.br, "gzip": bundle.gz, None: bundle.body}[encoding]
            assert decoded(response) == bundle.body
            assert response.mimetype == "text/javascript"
            assert response.headers["Vary"] == "Accept-Encoding"
            cache_control = response.cache_control
            assert cache_control.public and cache_control.immutable, url
            assert cache_control.max_age == assets.YEAR
        # WhiteNoise answered them all: none got as far as Flask.
        assert app.reached_flask == [], url


def test_the_files_are_written_under_the_instance_folder(make, tmp_path):
    app = make()
    folder = tmp_path / "instance" / asset_files.FILES
    for bundle in found(app).values():
        path = folder / bundle.filename
        assert path.read_bytes() == bundle.body
        assert Path(f"{path}.br").read_bytes() == bundle.br
        assert Path(f"{path}.gz").read_bytes() == bundle.gz
    # Nothing half written is left behind.
    assert list((tmp_path / "instance" / asset_files.STAGING).iterdir()) == []


def test_asset_responses_carry_a_files_security_headers_and_no_cors(make):
    app = make()
    url, _ = hashed_urls(app)[0]
    response = app.test_client().get(url, headers={"Accept-Encoding": "br"})
    for name, value in security.SUBRESOURCE_HEADERS.items():
        assert response.headers[name] == value, name
    # A document's policies do nothing on a script file.
    assert "Content-Security-Policy" not in response.headers
    assert "Strict-Transport-Security" not in response.headers
    assert "Access-Control-Allow-Origin" not in response.headers


def test_behind_https_asset_responses_carry_hsts(make):
    app = make(BEHIND_HTTPS=True)
    url, _ = hashed_urls(app)[1]
    response = app.test_client().get(url, headers={"Accept-Encoding": "br"}, base_url="https://localhost")
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["Strict-Transport-Security"] == security.HSTS


def test_an_unknown_name_is_404_from_the_app(make):
    app = make()
    client = app.test_client()
    for url in ("/assets/app.000000000000.js", "/assets/js/000000000000/app.js"):
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 404, url
        assert url in app.reached_flask
    # The compressed copies are not files of their own.
    url, _ = hashed_urls(app)[0]
    assert client.get(url + ".br").status_code == 404


def test_files_of_an_earlier_release_are_kept_and_served(make, tmp_path):
    make()
    earlier = tmp_path / "instance" / asset_files.FILES / "js" / "000000000000" / "app.js"
    earlier.parent.mkdir()
    earlier.write_bytes(b"export {};\n")
    app = make()  # the next start, on a newer release
    assert earlier.exists()
    response = app.test_client().get("/assets/js/000000000000/app.js")
    assert response.status_code == 200 and response.get_data() == b"export {};\n"


def test_in_debug_mode_the_app_serves_assets_and_writes_no_files(make, tmp_path):
    app = make(DEBUG=True)
    assert not (tmp_path / "instance" / asset_files.FILES).exists()
    url, bundle = hashed_urls(app)[0]
    response = app.test_client().get(url, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.get_data() == bundle.br
    assert url in app.reached_flask


def test_a_folder_it_cannot_write_leaves_assets_to_the_app(make, tmp_path):
    # A file where the folder should be: nothing can be written under it.
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / asset_files.FILES).write_bytes(b"")
    app = make()
    url, bundle = hashed_urls(app)[1]
    response = app.test_client().get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.get_data() == bundle.gz
    assert url in app.reached_flask
