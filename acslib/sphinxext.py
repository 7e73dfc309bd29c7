"""Sphinx glue for the book: explorable assets on the pages that need them.

Listed in ``_config.yml`` under ``sphinx.extra_extensions``. It

* serves ``acslib/static`` from the site's own ``_static`` folder: the book's small
  stylesheet and its favicon (explorables carry their own script and style inline, so a
  notebook output is self-contained);
* tells the kernels the build starts to render explorables as their static copy alone
  (``ACSLIB_EXPLORABLES=static``) and where to cache frame sets (``ACSLIB_CACHE_DIR``);
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
#: The book's own stylesheet, on every page (badges, contrast fixes of the theme).
BOOK_STYLE = "acs-book.css"


def _add_static_path(app, config):
    import os

    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))
    if not config.html_favicon:
        config.html_favicon = str(STATIC_DIR / "favicon.svg")
    # Kernels started by the build inherit these: explorables render only their static
    # copy (the site has no widget manager), and frame sets are cached by content.
    os.environ["ACSLIB_EXPLORABLES"] = "static"
    os.environ.setdefault("ACSLIB_CACHE_DIR", str(Path(app.outdir).parent / ".acslib-cache"))
    external = r"(numpy|scipy|matplotlib|ipywidgets|types|typing|collections|dataclasses)(\..*)?"
    config.nitpick_ignore_regex = [*config.nitpick_ignore_regex, (r"py:.*", external)]
    url = config.html_theme_options.get("repository_url", "")
    substitutions = dict(getattr(config, "myst_substitutions", {}) or {})
    substitutions.setdefault("repository_url", url)
    config.myst_substitutions = substitutions


def _notebook_docs(app, docnames):
    return [d for d in docnames if str(app.env.doc2path(d)).endswith(".ipynb")]


def _outdated_executions(app, env, added, changed, removed):
    """``env-get-outdated``: notebooks whose execution key changed although their file did
    not (an acslib module they import was edited) must be read again."""
    from . import _execution

    if not app.config.acs_execute:
        return []
    keys = getattr(env, "acs_execution_keys", {})
    stale = []
    for docname in _notebook_docs(app, env.found_docs):
        if docname in added or docname in changed or docname not in keys:
            continue
        if _execution.execution_key(Path(env.doc2path(docname))) != keys[docname]:
            stale.append(docname)
    return stale


def _execute_notebooks(app, env, docnames):
    """``env-before-read-docs``: execute, in parallel, every notebook about to be read that
    has no fresh cached execution (:mod:`acslib._execution`)."""
    from sphinx.errors import ExtensionError
    from sphinx.util import logging

    from . import _execution

    if not app.config.acs_execute:
        return
    logger = logging.getLogger(__name__)
    paths = [Path(env.doc2path(d)) for d in _notebook_docs(app, docnames)]
    try:
        _execution.execute_missing(paths, log=logger.info)
    except RuntimeError as error:
        raise ExtensionError(str(error)) from None


def _portable_notebooks(app, docname, source):
    """``source-read``: take a chapter's executed copy, and turn its portable markdown into
    Sphinx roles.

    Links that look portable but do not resolve (an unknown glossary anchor, say) are
    reported as warnings, so the strict build fails on them.
    """
    import json

    from sphinx.util import logging

    from . import _execution, _portable

    path = app.env.doc2path(docname)
    if not str(path).endswith(".ipynb"):
        return
    if app.config.acs_execute:
        executed = _execution.executed_notebook(Path(path))
        if executed is None:  # a source changed while the build ran: execute it now
            from sphinx.errors import ExtensionError

            try:
                _execution.execute_missing([Path(path)], log=logging.getLogger(__name__).info)
            except RuntimeError as error:
                raise ExtensionError(str(error)) from None
            executed = _execution.executed_notebook(Path(path))
            if executed is None:
                raise ExtensionError(f"{docname}: its sources keep changing during the build")
        if not hasattr(app.env, "acs_execution_keys"):
            app.env.acs_execution_keys = {}
        app.env.acs_execution_keys[docname] = _execution.execution_key(Path(path))
        import nbformat

        source[0] = nbformat.writes(executed)  # today's prose, the execution's outputs
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


def _add_book_style(app, pagename, templatename, context, doctree):
    app.add_css_file(BOOK_STYLE)


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


def _answer_boxes(app, doctree):
    """``doctree-read``: put a website answer box after each numeric exercise's cell.

    The box comes from the checker's own declaration (``check_....answer``, a
    :class:`acslib.checking.NumericAnswer`), so it gives the checker's verdicts without a
    kernel. ``acs_answer_boxes = False`` (the student edition) leaves them out.
    """
    import importlib
    import re

    from docutils import nodes

    if not app.config.acs_answer_boxes:
        return
    cells = [n for n in doctree.findall(nodes.container) if n.get("nb_element") == "cell_code"]
    def source_of(cell) -> str:
        inputs = [c for c in cell.children if c.get("nb_element") == "cell_code_source"]
        return "".join(b.astext() for part in inputs for b in part.findall(nodes.literal_block))

    sources = {id(cell): source_of(cell) for cell in cells}
    module_name = None
    for text in sources.values():
        found = re.search(r"from acslib\.exercises import (\w+) as exercises", text)
        if found:
            module_name = found.group(1)
            break
    if module_name is None:
        return
    module = importlib.import_module(f"acslib.exercises.{module_name}")
    for cell in cells:
        call = re.search(r"^exercises\.(check_\w+)\(answer\)\s*$", sources[id(cell)], re.MULTILINE)
        if not call or not re.search(r"^answer = None\s*$", sources[id(cell)], re.MULTILINE):
            continue
        answer = getattr(getattr(module, call.group(1), None), "answer", None)
        if answer is None:
            continue
        dom_id = "acs-answer-" + answer.exercise.split()[-1].replace(".", "-")
        cell.parent.insert(cell.parent.index(cell) + 1, nodes.raw("", answer.box_html(dom_id), format="html"))


def _add_answer_script(app, pagename, templatename, context, doctree):
    if 'class="acs-answer"' in context.get("body", ""):
        app.add_js_file("acs-answer.js")


def _split_attribute_names(app, what, name, obj, options, lines):
    """``autodoc-process-docstring``, before napoleon: ``a, b : type`` in an *Attributes*
    section becomes one entry per name (napoleon's field lists take one name each, as
    its *Parameters* sections do not need)."""
    import re

    out, in_attributes, i = [], False, 0
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and re.fullmatch(r"-{3,}", lines[i + 1].strip()):
            in_attributes = line.strip() == "Attributes"
        match = re.fullmatch(r"(\s*)(\w+(?:\s*,\s*\w+)+)\s*:\s*(.*)", line) if in_attributes else None
        if not match:
            out.append(line)
            i += 1
            continue
        indent, names, kind = match.groups()
        body = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > len(indent)):
            body.append(lines[i])
            i += 1
        for entry in re.split(r"\s*,\s*", names):
            out.append(f"{indent}{entry} : {kind}")
            out.extend(body)
    lines[:] = out


def _finish_site(app, exception):
    """``build-finished``: fixes to the written HTML and the site folder that no hook
    reaches earlier (it runs after the slides are written).

    * Citation entries carry ``role="doc-biblioentry"`` inside a ``role="list"``, which
      assistive technology does not accept as a list item (axe: aria-required-children);
      they become ``listitem``s.
    * The explorables' stylesheet and script, inlined in every figure of a notebook
      output, are loaded once per page from ``_static`` instead
      (:func:`_link_explorable_assets`).
    * The sidebar's icon-only toggles for a section's pages get a name (axe: summary-name).
    * Figures' images leave the pages (:func:`_externalise_images`): every frame becomes a
      file shared by every page and deck that shows it, and frames not shown first are
      fetched only when their figure comes near the screen, so a chapter's first load stays
      light.
    * Assets no page needs go: the theme's Font Awesome *script* (1.5 MB; its stylesheet and
      web fonts draw the same icons), the search index and tools on every page but the search
      page (the search box submits to it; "search as you type" is off), the parts of MathJax that ``tex-chtml.js`` never loads,
      and source maps.
    * A favicon at the site root, for pages (such as the redirecting ``index.html``) that
      browsers ask for ``/favicon.ico`` without a ``<link rel="icon">``.
    """
    if exception is not None or app.builder.format != "html":
        return
    import re

    outdir = Path(app.outdir)
    frames = outdir / "_static" / "frames"
    frames.mkdir(parents=True, exist_ok=True)
    shared = _share_explorable_assets(outdir / "_static")
    used: set = set()
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        fixed = _link_explorable_assets(text, page, outdir / "_static", shared)
        fixed = re.sub(r'(<div class="citation" id="[^"]*" )role="doc-biblioentry"', r'\1role="listitem"', fixed)
        fixed = re.sub(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\s*', "", fixed)
        # The sidebar's toggles for a section's pages are icon-only: name them (axe: summary-name).
        fixed = re.sub(r'(<a class="[^"]*reference internal" href="[^"]*">)([^<]+)(</a>\s*<details[^>]*>\s*<summary)>',
                       r'\1\2\3 aria-label="The pages of \2">', fixed)
        if page.name != "search.html":  # the search box submits to search.html, which loads them
            fixed = re.sub(r'<script src="[^"]*(?:searchindex\.js|_static/searchtools\.js|_static/language_data\.js)'
                           r'[^"]*"></script>\s*', "", fixed)
        fixed = _externalise_images(fixed, page, frames, used)
        # Frames of pages an incremental build did not rewrite are already files: keep them.
        used.update(re.findall(r"_static/frames/([0-9a-f]{20}\.(?:png|webp))", fixed))
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    for stale in [*frames.glob("*.png"), *frames.glob("*.webp")]:
        if stale.name not in used:
            stale.unlink()
    _prune_assets(outdir / "_static")
    _write_favicon(outdir / "favicon.ico")


def _share_explorable_assets(static: Path) -> dict:
    """Write the explorables' stylesheet and script, as the figures inline them, to
    ``_static``; return the inline copies to look for, by the file that replaces them."""
    from . import explorable

    script, style = explorable._assets()
    css = explorable._minify_css(style)
    (static / "acs-explorable.css").write_text(css, encoding="utf-8")
    (static / "acs-explorable.js").write_text(script, encoding="utf-8")
    return {"acs-explorable.css": f"<style>{css}</style>", "acs-explorable.js": f"<script>{script}</script>"}


def _link_explorable_assets(text: str, page: Path, static: Path, shared: dict) -> str:
    """Every figure of a notebook output carries its own copy of the explorable stylesheet
    (and script), so it works wherever the output goes. A site page loads each once, from
    ``_static``, at the end of its head: the same rules, in the same order after the
    theme's, and a deferred script that activates every figure once the page is parsed."""
    import os

    links = []
    prefix = os.path.relpath(static, page.parent).replace(os.sep, "/")
    for name, inline in shared.items():
        if inline in text:
            text = text.replace(inline, "")
            links.append(f'<link rel="stylesheet" href="{prefix}/{name}" />' if name.endswith(".css")
                         else f'<script defer src="{prefix}/{name}"></script>')
    if links:
        text = text.replace("</head>", "\n".join(links) + "\n</head>", 1)
    return text


def _externalise_images(text: str, page: Path, frames: Path, used: set) -> str:
    """Move a page's image data URIs into content-named files under ``_static/frames``.

    A hidden frame keeps only ``data-src``: ``acs-explorable.js`` fetches its figure's
    frames when the figure comes near the screen or is touched. Visible images keep their
    ``src``, so the default frame shows at once, with scripts off, and in print.
    """
    import base64
    import hashlib
    import os
    import re

    relative = Path(os.path.relpath(frames, page.parent)).as_posix()

    def store(kind: str, encoded: str) -> str:
        data = base64.b64decode(encoded)
        name = hashlib.sha1(data).hexdigest()[:20] + "." + kind
        target = frames / name
        if not target.exists():
            target.write_bytes(data)
        used.add(name)
        return f"{relative}/{name}"

    def image(match):
        tag = match.group(0)
        path = store(match.group("kind"), match.group("data"))
        if re.search(r"\shidden(?=[\s>])", tag):
            return tag.replace(match.group("attr"), f'data-src="{path}"')
        return tag.replace(match.group("attr"), f'src="{path}"')

    text = re.sub(r'<img\b[^>]*?(?P<attr>src="data:image/(?P<kind>png|webp);base64,(?P<data>[A-Za-z0-9+/=]+)")[^>]*>',
                  image, text)
    text = re.sub(r"data:image/(png|webp);base64,([A-Za-z0-9+/=]+)", lambda m: store(m.group(1), m.group(2)), text)
    return text


def _prune_assets(static: Path) -> None:
    """Delete what no page loads: MathJax beyond ``tex-chtml.js`` and what it loads on
    demand (its fonts and TeX extensions), the Font Awesome script, source maps, TrueType
    and EOT copies of web fonts, and the theme's translations."""
    import shutil

    mathjax = static / "mathjax"
    if mathjax.exists():
        # tex-chtml.js bundles the TeX input, CommonHTML output (with its font data), menu and
        # assistive MathML; it fetches only the WOFF2 fonts and, for rare macros, single TeX
        # extensions (never the all-packages bundle, which is tex-full's).
        keep = {"tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions"}
        for entry in sorted(mathjax.rglob("*"), key=lambda p: -len(p.parts)):
            name = entry.relative_to(mathjax).as_posix()
            if any(name == k or name.startswith(k + "/") or k.startswith(name + "/") for k in keep):
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    for path in [static / "scripts" / "fontawesome.js", mathjax / "input" / "tex" / "extensions" / "all-packages.js",
                 *static.rglob("*.map")]:
        path.unlink(missing_ok=True)
    for licence in (static / "scripts").glob("fontawesome.js.LICENSE*"):
        licence.unlink()
    # Web fonts: every browser the book supports takes WOFF2 (or WOFF), listed first.
    for font in [*static.rglob("*.ttf"), *static.rglob("*.eot"), *(static.parent / "slides").rglob("*.ttf"),
                 *(static.parent / "slides").rglob("*.eot")]:
        font.unlink()
    shutil.rmtree(static / "locales", ignore_errors=True)  # translations; the book is in English


def _write_favicon(path: Path) -> None:
    """The favicon's two rising lines (capability over alignment) as a 32-px icon."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (32, 32), (255, 255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.line((4, 27, 28, 5), fill="#D55E00", width=4)
    draw.line((4, 21, 28, 15), fill="#0072B2", width=4)
    image.save(path, format="ICO", sizes=[(32, 32)])


def _badge_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{acs-badge}`easy```: the exercise badge of :func:`acslib._portable.badge` on a markdown page,
    so the prose pages show the same colours (each with 4.5:1 contrast) as the chapters."""
    from docutils import nodes

    from . import _portable

    try:
        html = _portable.badge(text)
    except ValueError as error:
        message = inliner.reporter.error(str(error), line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.raw(rawtext, html, format="html")], []


def setup(app):
    app.add_role("acs-badge", _badge_role)
    app.connect("config-inited", _add_static_path)
    app.add_config_value("acs_execute", True, "env")
    app.connect("env-get-outdated", _outdated_executions)
    app.connect("env-before-read-docs", _execute_notebooks)
    app.connect("source-read", _portable_notebooks)
    # Early: html-page-context stops at the first handler that returns a value, and
    # myst-nb (priority 500) turns its js_files into <script>s.
    app.connect("html-page-context", _drop_widget_state, priority=400)
    app.connect("html-page-context", _add_book_style)
    app.connect("html-page-context", _add_answer_script)
    app.add_config_value("acs_answer_boxes", True, "env")
    app.connect("doctree-read", _answer_boxes)
    app.connect("autodoc-process-docstring", _split_attribute_names, priority=400)  # before napoleon
    app.connect("html-page-context", _deduplicate_scripts, priority=100)
    app.connect("build-finished", _finish_site, priority=900)  # after the slides are written
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
