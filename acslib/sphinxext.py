"""Sphinx glue for the book: explorable assets on the pages that need them.

Listed in ``_config.yml`` under ``sphinx.extra_extensions``. It

* serves ``acslib/static`` (the static explorable script and style) from the site's
  own ``_static`` folder, but adds the files only to pages whose body contains an
  explorable, so no other page loads them; and
* exposes the repository URL set once in ``_config.yml`` (``repository.url``) as the
  MyST substitution ``{{ repository_url }}``, so pages such as the instructor guide
  never repeat it.

Not part of the computational API; chapters never import it.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
SCRIPT = "acs-explorable.js"
STYLE = "acs-explorable.css"
MARKER = 'class="acs-explorable"'


def _add_static_path(app, config):
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))
    url = config.html_theme_options.get("repository_url", "")
    substitutions = dict(getattr(config, "myst_substitutions", {}) or {})
    substitutions.setdefault("repository_url", url)
    config.myst_substitutions = substitutions


def _add_assets_where_needed(app, pagename, templatename, context, doctree):
    if MARKER in context.get("body", ""):
        app.add_js_file(SCRIPT)
        app.add_css_file(STYLE)


def setup(app):
    app.connect("config-inited", _add_static_path)
    app.connect("html-page-context", _add_assets_where_needed)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
