"""Form base class.

CSRFProtect checks the token of every POST before any view runs, so forms
only validate their fields. Rendering a form must not create a session
either, or public pages could not be cached by the service worker.
"""

from flask_wtf import FlaskForm


class Form(FlaskForm):
    class Meta:
        csrf = False
