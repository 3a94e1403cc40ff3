"""The yardstick: a one-route Flask app, served with Spasm's own gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "<!doctype html><html lang=en><title>ok</title><p>ok</p></html>"
