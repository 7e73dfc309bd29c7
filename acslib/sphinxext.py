"""Sphinx glue for the book: explorable assets on the pages that need them.

Listed in ``_config.yml`` under ``sphinx.extra_extensions``. It

* serves ``acslib/static`` (the static explorable script and style) from the site's
  own ``_static`` folder, but adds the files only to pages whose body contains an
  explorable, so no other page loads them; and
* drops the ipywidgets state that myst-nb would embed in executed pages: the site loads
  no widget manager (explorables bring their own static rendering), so the state is
  only dead weight — tens of kilobytes per explorable;
* removes duplicate inline scripts: sphinx-thebe registers its configuration script
  once per read phase, and the second copy throws "Identifier 'THEBE_JS_URL' has
  already been declared" in every browser console;
* tells ``-n`` (nitpicky) builds that references into numpy, scipy and the standard
  library are plain names, since the offline site has no intersphinx inventories; and
* rewrites the chapters' portable markdown (links that JupyterLab can follow) into the
  Sphinx roles the website needs — citations, glossary terms and cross-chapter
  references — and hides test markers from the code readers see
  (:mod:`acslib._portable`);
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
    external = r"(numpy|scipy|matplotlib|ipywidgets|types|typing|collections|dataclasses)(\..*)?"
    config.nitpick_ignore_regex = [*config.nitpick_ignore_regex, (r"py:.*", external)]
    url = config.html_theme_options.get("repository_url", "")
    substitutions = dict(getattr(config, "myst_substitutions", {}) or {})
    substitutions.setdefault("repository_url", url)
    config.myst_substitutions = substitutions


def _portable_notebooks(app, docname, source):
    """``source-read``: turn a chapter's portable markdown into Sphinx roles.

    Links that look portable but do not resolve (an unknown glossary anchor, say) are
    reported as warnings, so the strict build fails on them.
    """
    import json

    from sphinx.util import logging

    from . import _portable

    path = app.env.doc2path(docname)
    if not str(path).endswith(".ipynb"):
        return
    notebook = json.loads(source[0])
    problems: list = []
    terms = _portable.glossary_terms(Path(app.srcdir) / "appendix" / "glossary.md")
    for index, cell in enumerate(notebook.get("cells", [])):
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            text = _portable.to_sphinx_markdown(text, first_cell=index == 0, terms=terms, problems=problems)
        elif cell["cell_type"] == "code":
            text = _portable.to_sphinx_code(text)
        cell["source"] = text
    logger = logging.getLogger(__name__)
    for problem in problems:
        logger.warning(f"{docname}: {problem}", location=docname, type="acslib", subtype="portable")
    source[0] = json.dumps(notebook, ensure_ascii=False)


def _add_assets_where_needed(app, pagename, templatename, context, doctree):
    if MARKER in context.get("body", ""):
        app.add_js_file(SCRIPT)
        app.add_css_file(STYLE)


def _drop_widget_state(app, pagename, templatename, context, doctree):
    from myst_nb.sphinx_ import NbMetadataCollector

    env = app.env
    if pagename in getattr(env, "nb_metadata", {}):
        NbMetadataCollector.get_js_files(env, pagename).pop("ipywidgets_state", None)


def _deduplicate_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique


def setup(app):
    app.connect("config-inited", _add_static_path)
    app.connect("source-read", _portable_notebooks)
    # Early: html-page-context stops at the first handler that returns a value, and
    # myst-nb (priority 500) turns its js_files into <script>s.
    app.connect("html-page-context", _drop_widget_state, priority=400)
    app.connect("html-page-context", _add_assets_where_needed)
    app.connect("html-page-context", _deduplicate_scripts, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
