"""Form base class.

Forms only validate their fields: cross-origin requests are refused before
any view runs (spasm.web.cross_origin), with no token in the form. Rendering a
form creates no session either, so pages with forms can be shared and cached.
"""

from flask_wtf import FlaskForm


class Form(FlaskForm):
    class Meta:
        csrf = False
