"""Explorables: interactive figures declared once, rendered live or as static frames.

Every interactive figure in the book is an :class:`Explorable`. A chapter declares it
once — the parameters with their ranges, steps and defaults, a function that builds the
matplotlib figure, a function that sets the figure's data from named parameters, and a
function that describes a frame in words — and gets two renderings from that one
declaration:

* **Live, in JupyterLab**: ipywidgets sliders drive :meth:`Explorable.draw` on one
  figure that is built once and then updated in place. Artists that change with the
  parameters are created with ``animated=True``; the renderer keeps the rest of the
  figure as a cached background and blits only those artists, so an update costs a
  few milliseconds instead of a full redraw. If ``draw`` changes anything else (an
  axis limit, a title), matplotlib marks the figure stale and the renderer falls back
  to a full redraw, so the picture is always right.
* **Static, on the website**: the same drawing is rendered for every point of a grid
  over at most two parameters (``static_params``). Each frame is stored as a small
  transparent palette PNG of what changed, over one shared background, with alt
  text from :meth:`Explorable.describe`. Native range inputs choose the frame; a small
  dependency-free script (``acslib/static/acs-explorable.js``, added to the pages that
  need it by ``acslib.sphinxext``) swaps the visible image. With scripts off, or
  in print, the default frame and its caption still show.

Both renderings travel in one output: ``Explorable._repr_mimebundle_`` returns the
widget view and the static HTML side by side. JupyterLab shows the widget; the book's
``nb_mime_priority_overrides`` make the website show the HTML.

Defined in Chapter 1 (``chapters/01_definition.ipynb``), the model for all chapters.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

__all__ = ["Param", "Choice", "Explorable", "StaticFigure", "PAGE_BUDGET_BYTES"]


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

def _palette_png(pixels: np.ndarray) -> bytes:
    """Encode RGBA pixels as a compact 64-colour PNG (RGB when fully opaque)."""
    from PIL import Image

    image = Image.fromarray(pixels, "RGBA")
    if not (pixels[..., 3] < 255).any():
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        buffer, format="png", optimize=True
    )
    return buffer.getvalue()


#: Largest static rendering one explorable may add to a page, in bytes.
PAGE_BUDGET_BYTES = 1_000_000
#: Largest number of parameters a static grid may span.
MAX_STATIC_PARAMS = 2

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Param:
    """A numeric slider: ``min`` to ``max`` in steps of ``step``, starting at ``default``.

    Parameters
    ----------
    name : str
        Keyword passed to the draw and describe functions.
    min, max, step : float
        Range and step. ``(max - min) / step`` must be a whole number.
    default : float
        Starting value; must lie on the grid.
    label : str
        Human-readable label shown beside the slider.
    unit : str
        Appended verbatim to the displayed value, e.g. ``" /yr"``, ``"%"`` or ``"×"``.
    fmt : str
        Format spec for displayed values, e.g. ``".2f"``.

    Examples
    --------
    >>> Param("rate", 0.1, 0.5, 0.1, 0.3, label="growth rate").values
    (0.1, 0.2, 0.3, 0.4, 0.5)
    """

    name: str
    min: float
    max: float
    step: float
    default: float
    label: str = ""
    unit: str = ""
    fmt: str = "g"

    def __post_init__(self):
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise ValueError(f"name must be a Python identifier; got {self.name!r}")
        for attr in ("min", "max", "step", "default"):
            value = getattr(self, attr)
            if not isinstance(value, (int, float, np.integer, np.floating)) or not np.isfinite(value):
                raise ValueError(f"{attr} of parameter {self.name!r} must be a finite number; got {value!r}")
        if self.step <= 0:
            raise ValueError(f"step of parameter {self.name!r} must be positive; got {self.step}")
        if self.max <= self.min:
            raise ValueError(f"max of parameter {self.name!r} must exceed min; got {self.min}..{self.max}")
        count = (self.max - self.min) / self.step
        if abs(count - round(count)) > 1e-6:
            raise ValueError(f"step of parameter {self.name!r} must divide max - min evenly")
        if not np.isclose(self.values, self.default, atol=1e-9 * max(1.0, abs(self.default))).any():
            raise ValueError(f"default of parameter {self.name!r} must lie on its grid; got {self.default}")

    @property
    def values(self) -> tuple:
        """Every value on the grid, rounded to hide binary floating-point noise."""
        count = int(round((self.max - self.min) / self.step)) + 1
        grid = self.min + self.step * np.arange(count)
        if all(float(v).is_integer() for v in (self.min, self.step)):
            return tuple(int(round(v)) for v in grid)
        return tuple(float(v) for v in np.round(grid, 10))

    @property
    def default_index(self) -> int:
        return int(np.argmin(np.abs(np.asarray(self.values, dtype=float) - self.default)))

    def format(self, value) -> str:
        """The value as shown beside the slider, with its unit."""
        return format(value, self.fmt) + self.unit

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("_", " ")


@dataclass(frozen=True)
class Choice:
    """A slider over named options, such as a functional form or a published fit.

    Examples
    --------
    >>> Choice("fit", ("hoffmann", "besiroglu"), default="besiroglu").default_index
    1
    """

    name: str
    options: tuple
    default: Any
    label: str = ""
    option_labels: tuple = ()

    def __post_init__(self):
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise ValueError(f"name must be a Python identifier; got {self.name!r}")
        if len(self.options) < 2:
            raise ValueError(f"options of parameter {self.name!r} must hold at least two values")
        if self.default not in self.options:
            raise ValueError(f"default of parameter {self.name!r} must be one of its options; got {self.default!r}")
        if self.option_labels and len(self.option_labels) != len(self.options):
            raise ValueError(f"option_labels of parameter {self.name!r} must match options in length")

    @property
    def values(self) -> tuple:
        return tuple(self.options)

    @property
    def default_index(self) -> int:
        return self.options.index(self.default)

    def format(self, value) -> str:
        if self.option_labels:
            return str(self.option_labels[self.options.index(value)])
        return str(value)

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("_", " ")


@dataclass
class _Canvas:
    """One figure, its artists, and the cached background used for blitting."""

    figure: Any
    artists: Any
    background: Any = None
    animated: list = field(default_factory=list)


class Explorable:
    """An interactive figure declared once and rendered live or as static frames.

    Parameters
    ----------
    title : str
        Short title, shown above the widget and in the static figure's caption.
    params : sequence of Param or Choice
        The parameters, in slider order.
    build : callable
        ``build(figure) -> artists``. Called once per figure: adds axes, fixed limits,
        labels and the artists that change, which it should create with
        ``animated=True``. Returns any object holding those artists (a dict or a
        :class:`types.SimpleNamespace`).
    draw : callable
        ``draw(artists, **params)``. Sets the artists' data for the given parameter
        values. It must not create new figures.
    describe : callable
        ``describe(**params) -> str``. One or two sentences describing what the frame
        shows for these values; used as alt text and caption. It should mention the
        values and the figure's key quantitative feature.
    static_params : sequence of str, optional
        Names of at most two parameters that get sliders on the static website.
        The others stay at their defaults there, and the caption says so.
        Defaults to the first two parameters.
    figsize : tuple of float
        Figure size in inches.
    dpi : int
        Resolution of rendered images.

    Notes
    -----
    Defined in Chapter 1; see ``CONTRIBUTING.md`` for how chapters declare one.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> def build(fig):
    ...     ax = fig.add_subplot()
    ...     ax.set(xlim=(0, 1), ylim=(0, 2))
    ...     (line,) = ax.plot([], [], animated=True)
    ...     return SimpleNamespace(line=line)
    >>> def draw(art, slope):
    ...     art.line.set_data([0, 1], [0, slope])
    >>> ex = Explorable("A line", [Param("slope", 0.0, 2.0, 0.5, 1.0)], build, draw,
    ...                 describe=lambda slope: f"A line rising to {slope} at x = 1.")
    >>> ex.describe(slope=1.5)
    'A line rising to 1.5 at x = 1.'
    >>> ex.render_png(slope=0.5)[:4]
    b'\\x89PNG'
    >>> len(ex.static_grid())
    5
    """

    def __init__(
        self,
        title: str,
        params: Sequence[Param | Choice],
        build: Callable,
        draw: Callable,
        *,
        describe: Callable[..., str],
        static_params: Sequence[str] | None = None,
        figsize: tuple[float, float] = (6.4, 3.6),
        dpi: int = 100,
    ):
        if not isinstance(title, str) or not title.strip():
            raise ValueError("title must be a non-empty string")
        params = tuple(params)
        if not params:
            raise ValueError("params must not be empty")
        if not all(isinstance(p, (Param, Choice)) for p in params):
            raise ValueError("params must hold only Param and Choice objects")
        names = [p.name for p in params]
        if len(set(names)) != len(names):
            raise ValueError(f"params must have distinct names; got {names}")
        for fn_name, fn in (("build", build), ("draw", draw), ("describe", describe)):
            if not callable(fn):
                raise ValueError(f"{fn_name} must be callable")
        if static_params is None:
            static_params = names[:MAX_STATIC_PARAMS]
        static_params = tuple(static_params)
        if not 1 <= len(static_params) <= MAX_STATIC_PARAMS:
            raise ValueError(f"static_params must name one or two parameters; got {static_params}")
        unknown = set(static_params) - set(names)
        if unknown:
            raise ValueError(f"static_params names unknown parameters: {sorted(unknown)}")
        if len(figsize) != 2 or min(figsize) <= 0:
            raise ValueError(f"figsize must be two positive numbers; got {figsize}")
        if int(dpi) <= 0:
            raise ValueError(f"dpi must be positive; got {dpi}")
        self.title = title
        self.params = params
        self.build = build
        self._draw = draw
        self._describe = describe
        self.static_params = static_params
        self.figsize = tuple(figsize)
        self.dpi = int(dpi)
        self._canvas: _Canvas | None = None
        self.slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "explorable"

    # ------------------------------------------------------------------ parameters
    def defaults(self) -> dict:
        """The default value of every parameter."""
        return {p.name: p.values[p.default_index] for p in self.params}

    def _complete(self, params: dict) -> dict:
        unknown = set(params) - {p.name for p in self.params}
        if unknown:
            raise ValueError(f"unknown parameters: {sorted(unknown)}")
        values = self.defaults()
        values.update(params)
        return values

    def describe(self, **params) -> str:
        """Alt text and caption for the frame at ``params`` (missing ones at default)."""
        text = self._describe(**self._complete(params))
        if not isinstance(text, str) or len(text.strip()) < 10:
            raise ValueError("describe must return a sentence of alt text")
        return text.strip()

    def static_grid(self) -> list[dict]:
        """Every parameter combination rendered for the static website."""
        static = [p for p in self.params if p.name in self.static_params]
        grids = itertools.product(*(p.values for p in static))
        return [self._complete(dict(zip((p.name for p in static), combo))) for combo in grids]

    # ------------------------------------------------------------------ rendering
    def _ensure_canvas(self) -> _Canvas:
        if self._canvas is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            figure = Figure(figsize=self.figsize, dpi=self.dpi)
            FigureCanvasAgg(figure)
            artists = self.build(figure)
            self._canvas = _Canvas(figure=figure, artists=artists)
        return self._canvas

    def draw(self, **params) -> None:
        """Update the explorable's one figure in place for ``params``."""
        canvas = self._ensure_canvas()
        self._draw(canvas.artists, **self._complete(params))

    def _render_rgba(self, **params):
        """Draw ``params`` and return the canvas as a Pillow RGBA image (blitting)."""
        from PIL import Image

        canvas = self._ensure_canvas()
        self.draw(**params)
        figure = canvas.figure
        if canvas.background is None or figure.stale:
            # Full redraw: matplotlib skips animated artists here, which gives us the
            # background to restore on later updates.
            figure.canvas.draw()
            canvas.background = figure.canvas.copy_from_bbox(figure.bbox)
            canvas.animated = sorted(
                figure.findobj(lambda a: a.get_animated() and a is not figure),
                key=lambda a: a.get_zorder(),
            )
        else:
            figure.canvas.restore_region(canvas.background)
        for artist in canvas.animated:
            if artist.get_visible():
                figure.draw_artist(artist)
        width, height = figure.canvas.get_width_height()
        return Image.frombuffer("RGBA", (width, height), figure.canvas.buffer_rgba()).copy()

    def render_png(self, **params) -> bytes:
        """A full-colour PNG of the frame at ``params`` (used by the live widget)."""
        buffer = io.BytesIO()
        self._render_rgba(**params).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def render_layers(self, **params):
        """The frame at ``params`` split into its background and its changing layer.

        Returns
        -------
        background : numpy.ndarray
            RGBA pixels of everything that does not change with the parameters
            (axes, ticks, labels, legend): the cached blitting background.
        overlay : numpy.ndarray
            RGBA pixels of the frame where it differs from ``background``, transparent
            elsewhere. Drawing ``overlay`` over ``background`` gives the frame exactly.
        """
        frame = np.asarray(self._render_rgba(**params))
        figure = self._canvas.figure
        figure.canvas.restore_region(self._canvas.background)
        background = np.asarray(figure.canvas.buffer_rgba()).copy()
        overlay = frame.copy()
        overlay[(frame == background).all(axis=2)] = 0
        return background, overlay

    # ------------------------------------------------------------------ static HTML
    def to_html(self) -> str:
        """The static rendering: layered frames and a range input per static parameter.

        Each frame is stored as a small transparent overlay on a shared background
        (see :meth:`render_layers`), which keeps a 100-frame explorable well inside
        the page budget. The background is a CSS background of the frame box; the
        overlay is the ``<img>`` that carries the frame's alt text.

        Raises
        ------
        ValueError
            If the rendering exceeds :data:`PAGE_BUDGET_BYTES`.
        """
        static = [p for p in self.params if p.name in self.static_params]
        fixed = [p for p in self.params if p.name not in self.static_params]
        defaults = self.defaults()
        default_key = "-".join(str(p.default_index) for p in static)
        width = int(self.figsize[0] * self.dpi)
        height = int(self.figsize[1] * self.dpi)
        backgrounds: dict[bytes, int] = {}
        background_uris: list[str] = []
        images = []
        default_background = 0
        for combo in itertools.product(*(range(len(p.values)) for p in static)):
            values = {p.name: p.values[i] for p, i in zip(static, combo)}
            key = "-".join(map(str, combo))
            background, overlay = self.render_layers(**values)
            fingerprint = background.tobytes()
            if fingerprint not in backgrounds:
                backgrounds[fingerprint] = len(background_uris)
                background_uris.append(_data_uri(_palette_png(background)))
            index = backgrounds[fingerprint]
            alt = html.escape(self.describe(**values), quote=True)
            hidden = " hidden"
            if key == default_key:
                hidden, default_background = "", index
            images.append(
                f'<img src="{_data_uri(_palette_png(overlay))}" alt="{alt}" data-key="{key}" '
                f'data-background="{index}" width="{width}" height="{height}" '
                f'style="display:block;max-width:100%;height:auto"{hidden}>'
            )
        controls = []
        for p in static:
            input_id = f"acs-{self.slug}-{p.name}"
            labels = html.escape(json.dumps([p.format(v) for v in p.values]), quote=True)
            current = p.format(defaults[p.name])
            controls.append(
                f'<div class="acs-control"><label for="{input_id}">{html.escape(p.display_label)}</label>'
                f'<input type="range" id="{input_id}" min="0" max="{len(p.values) - 1}" step="1" '
                f'value="{p.default_index}" data-labels="{labels}" aria-valuetext="{html.escape(current)}">'
                f'<output for="{input_id}">{html.escape(current)}</output></div>'
            )
        note = ""
        if fixed:
            held = ", ".join(f"{p.display_label} = {p.format(defaults[p.name])}" for p in fixed)
            note = (
                f' <span class="acs-fixed">On this page {held}; run the notebook to vary '
                f'{"it" if len(fixed) == 1 else "them"} too.</span>'
            )
        caption = html.escape(self.describe())
        backgrounds_json = html.escape(json.dumps(background_uris), quote=True)
        document = (
            f'<figure class="acs-explorable" id="acs-{self.slug}">'
            f'<div class="acs-frames" data-backgrounds="{backgrounds_json}" '
            f'style="position:relative;max-width:{width}px;background:url({background_uris[default_background]}) '
            f'0 0/100% 100% no-repeat">{"".join(images)}</div>'
            f'<div class="acs-controls" hidden>{"".join(controls)}</div>'
            f'<figcaption><strong>{html.escape(self.title)}.</strong> '
            f'<span class="acs-description" aria-live="polite">{caption}</span>{note}</figcaption>'
            f"</figure>"
        )
        size = len(document.encode("utf-8"))
        if size > PAGE_BUDGET_BYTES:
            raise ValueError(
                f"static rendering of {self.title!r} is {size / 1e6:.2f} MB, over the "
                f"{PAGE_BUDGET_BYTES / 1e6:.0f} MB budget; use a coarser grid"
            )
        return document

    # ------------------------------------------------------------------ live widget
    def widget(self):
        """The live ipywidgets rendering: sliders above one image updated in place."""
        import ipywidgets as widgets

        controls = []
        for p in self.params:
            common = dict(
                description=p.display_label,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="min(100%, 32rem)"),
                continuous_update=True,
            )
            if isinstance(p, Choice):
                options = [(p.format(v), v) for v in p.values]
                control = widgets.SelectionSlider(options=options, value=p.default, **common)
            elif all(isinstance(v, int) for v in p.values):
                control = widgets.IntSlider(value=p.values[p.default_index], min=p.min, max=p.max, step=p.step, **common)
            else:
                decimals = max(0, -int(np.floor(np.log10(p.step)))) if p.step < 1 else 0
                control = widgets.FloatSlider(
                    value=p.values[p.default_index], min=p.min, max=p.max, step=p.step,
                    readout_format=f".{decimals}f", **common,
                )
            controls.append((p.name, control))
        image = widgets.Image(value=self.render_png(), format="png", layout=widgets.Layout(max_width="100%"))
        caption = widgets.HTML(value=html.escape(self.describe()))

        def update(_change=None):
            params = {name: control.value for name, control in controls}
            image.value = self.render_png(**params)
            caption.value = html.escape(self.describe(**params))

        for _, control in controls:
            control.observe(update, names="value")
        title = widgets.HTML(value=f"<strong>{html.escape(self.title)}</strong>")
        box = widgets.VBox([title, *(c for _, c in controls), image, caption])
        box.add_class("acs-explorable-widget")
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {
            "text/plain": f"<Explorable {self.title!r}: {', '.join(p.name for p in self.params)}>",
            "text/html": self.to_html(),
        }
        view = self.widget()._repr_mimebundle_()
        if view and "application/vnd.jupyter.widget-view+json" in view:
            bundle["application/vnd.jupyter.widget-view+json"] = view["application/vnd.jupyter.widget-view+json"]
        return bundle

    def __repr__(self) -> str:
        return f"Explorable({self.title!r}, params={[p.name for p in self.params]})"


class StaticFigure:
    """A fixed matplotlib figure that always displays with its alt text.

    Chapters return one of these instead of a bare matplotlib figure, so the image
    carries meaningful alt text in JupyterLab and on the website alike (a bare figure
    would be shown with its file name as alt text). It renders as an ``<img>`` with a
    compact palette PNG, plus a plain-text fallback that is the alt text itself.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The finished figure.
    alt : str
        What the figure shows, in a sentence or two.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1))
    >>> _ = fig.add_subplot().plot([0, 1], [0, 1])
    >>> picture = StaticFigure(fig, "A straight line rising from 0 to 1.")
    >>> picture._repr_html_()[:33]
    '<figure class="acs-static"><img s'
    """

    def __init__(self, figure, alt: str):
        if not isinstance(alt, str) or len(alt.split()) < 3:
            raise ValueError("alt must describe the figure in a sentence")
        if not hasattr(figure, "savefig"):
            raise ValueError("figure must be a matplotlib Figure")
        self.figure = figure
        self.alt = alt.strip()

    def to_png(self) -> bytes:
        """The figure as a palette PNG."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        from PIL import Image

        rgba = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGBA"))
        return _palette_png(rgba)

    def _repr_html_(self) -> str:
        width, height = (int(v) for v in self.figure.get_size_inches() * self.figure.dpi)
        return (
            f'<figure class="acs-static"><img src="{_data_uri(self.to_png())}" '
            f'alt="{html.escape(self.alt, quote=True)}" width="{width}" height="{height}" '
            f'style="max-width:100%;height:auto"></figure>'
        )

    def __repr__(self) -> str:
        return f"StaticFigure: {self.alt}"

