"""Explorables: interactive figures declared once, rendered live or as static frames.

Every interactive figure in the book is an :class:`Explorable`. A chapter declares it
once — the parameters with their ranges, steps and defaults, a function that builds the
matplotlib figure, a function that sets the figure's data from named parameters, and a
function that describes a frame in words — and gets every rendering from that one
declaration:

* **Static, on the website** (and in slides, print, a reopened notebook, nbviewer and
  GitHub's preview): the drawing is rendered for every point of a grid over at most two
  parameters (``static_params``). Each frame is a small transparent 64-colour image (lossless
  WebP) of what changed, over one shared background, with alt text from :meth:`Explorable.describe`.
  Native range inputs choose the frame; ``acslib/static/acs-explorable.js``, inlined with
  the figure, swaps the visible image. With scripts off, or in print, the default frame
  and its caption still show.
* **Live, in JupyterLab**: an anywidget shows the *same* markup with a slider for every
  parameter. Moves that stay on the precomputed grid swap frames in the browser, with no
  round trip to the kernel; any other combination is drawn by the kernel on one figure
  that is built once and updated in place (artists that change are created with
  ``animated=True`` and blitted over a cached background; if ``draw`` changes anything
  else, matplotlib marks the figure stale and the renderer redraws it all, so the picture
  is always right).

In a notebook an explorable displays as two outputs: the live widget and its static copy.
The book's stylesheet shows the live widget when it renders and the static copy when it
cannot (no kernel, a reopened notebook), so a saved notebook never shows "model not
found". The website build asks for the static copy alone (``ACSLIB_EXPLORABLES=static``).

Frames are deterministic, so when ``ACSLIB_CACHE_DIR`` is set (the book's build and test
scripts set it) a frame set is stored there under a key made of the explorable's
declaration and a fingerprint of acslib's sources, data and the drawing libraries'
versions: any change to any of them draws the frames afresh.

Defined in Chapter 1 (``chapters/01_definition.ipynb``), the model for all chapters.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import itertools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ._validation import ArgumentTypeError, as_bool, as_instance, as_int, as_scalar, as_text

__all__ = ["Param", "Choice", "Explorable", "StaticFigure", "FrameSet", "PAGE_BUDGET_BYTES"]

STATIC_DIR = Path(__file__).parent / "static"


def _data_uri(image: bytes) -> str:
    """A data URI for PNG or WebP bytes."""
    kind = "webp" if image[:4] == b"RIFF" and image[8:12] == b"WEBP" else "png"
    return f"data:image/{kind};base64," + base64.b64encode(image).decode("ascii")


def _palette_image(pixels: np.ndarray) -> bytes:
    """Encode RGBA pixels compactly: 64 colours, then lossless WebP (about a quarter
    smaller than an optimised palette PNG, and as fast to encode)."""
    from PIL import Image

    image = Image.fromarray(pixels, "RGBA")
    opaque = not (pixels[..., 3] < 255).any()
    if opaque:
        image = image.convert("RGB")
    quantized = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.convert("RGB" if opaque else "RGBA").save(buffer, format="webp", lossless=True, method=2)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    """The explorable script and stylesheet, with the dark-theme filter filled in."""
    from .figures.style import DARK_FILTER

    script = (STATIC_DIR / "acs-explorable.js").read_text(encoding="utf-8")
    # Comments stay in the source file; inlined copies go without them.
    script = re.sub(r"/\*.*?\*/", "", script, flags=re.DOTALL)
    script = re.sub(r"^\s*//.*\n", "", script, flags=re.MULTILINE)
    script = re.sub(r"\n\s*\n", "\n", script)
    style = (STATIC_DIR / "acs-explorable.css").read_text(encoding="utf-8").replace("DARK_FILTER", DARK_FILTER)
    return script, style


def inline_assets() -> str:
    """``<style>`` and ``<script>`` that make a figure's markup self-contained."""
    script, style = _assets()
    return f"<style>{_minify_css(style)}</style><script>{script}</script>"


def _minify_css(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return re.sub(r"\s*\n\s*", "", css)


#: Largest static rendering one explorable may add to a page, in bytes.
PAGE_BUDGET_BYTES = 1_000_000
#: Largest number of parameters a static grid may span.
MAX_STATIC_PARAMS = 2
#: Largest number of values one slider may have.
MAX_VALUES = 1000

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _number(value) -> str:
    """A number for an HTML attribute, without binary floating-point noise."""
    return format(float(value), ".10g")


@dataclass(frozen=True)
class Param:
    """A numeric slider: ``min`` to ``max`` in steps of ``step``, starting at ``default``.

    Parameters
    ----------
    name : str
        Keyword passed to the draw and describe functions.
    min, max, step : float
        Range and step. ``(max - min) / step`` must be a whole number (at most
        ``MAX_VALUES`` steps).
    default : float
        Starting value; must lie on the grid.
    label : str
        Human-readable label shown beside the slider.
    unit : str
        Appended verbatim to the displayed value, e.g. ``" /yr"``, ``"%"``, ``"×"`` or
        ``" years"``. The value with its unit is what the readout shows and what screen
        readers announce, on the website and in JupyterLab alike.
    fmt : str
        Format spec for displayed values, e.g. ``".2f"``.

    Examples
    --------
    >>> Param("rate", 0.1, 0.5, 0.1, 0.3, label="growth rate").values
    (0.1, 0.2, 0.3, 0.4, 0.5)
    >>> Param("lead", 1, 10, 1, 4, unit="×").format(4)
    '4×'
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
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise ArgumentTypeError(f"{attr} of parameter {self.name!r} must be a number; got {value!r}")
            as_scalar(value, attr)
        if self.step <= 0:
            raise ValueError(f"step of parameter {self.name!r} must be positive; got {self.step}")
        if self.max <= self.min:
            raise ValueError(f"max of parameter {self.name!r} must exceed min; got {self.min}..{self.max}")
        count = (float(self.max) - float(self.min)) / float(self.step)
        if not np.isfinite(count) or count + 1 > MAX_VALUES:
            raise ValueError(f"step of parameter {self.name!r} gives more than {MAX_VALUES} values "
                             f"between min and max")
        if count < 1 - 1e-9:
            raise ValueError(f"step of parameter {self.name!r} must not exceed max - min")
        if abs(count - round(count)) > 1e-6:
            raise ValueError(f"step of parameter {self.name!r} must divide max - min evenly")
        if not np.isclose(self.values, self.default, atol=1e-9 * max(1.0, abs(self.default))).any():
            raise ValueError(f"default of parameter {self.name!r} must lie on its grid; got {self.default}")
        for attr in ("label", "unit", "fmt"):
            if not isinstance(getattr(self, attr), str):
                raise ValueError(f"{attr} of parameter {self.name!r} must be a string")
        try:
            format(1.0, self.fmt)
        except ValueError as error:
            raise ValueError(f"fmt of parameter {self.name!r} is not a format spec: {error}") from None

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
        return format(as_scalar(value, "value"), self.fmt) + self.unit

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("_", " ")

    def input_attributes(self) -> str:
        """Range-input attributes: the real values, so the slider's value means something."""
        grid = html.escape(json.dumps([float(self.min), float(self.step)]), quote=True)
        default = self.values[self.default_index]
        return (f'min="{_number(self.min)}" max="{_number(self.max)}" step="{_number(self.step)}" '
                f'value="{_number(default)}" data-grid="{grid}"')


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
        if isinstance(self.options, (str, bytes)) or not isinstance(self.options, (tuple, list)):
            raise ArgumentTypeError(f"options of parameter {self.name!r} must be a tuple of values")
        if not 2 <= len(self.options) <= MAX_VALUES:
            raise ValueError(f"options of parameter {self.name!r} must hold 2 to {MAX_VALUES} values")
        scalar = (str, int, float, np.integer, np.floating)
        if not all(isinstance(o, scalar) and not isinstance(o, bool) for o in self.options):
            raise ArgumentTypeError(f"options of parameter {self.name!r} must be strings or numbers")
        if not isinstance(self.default, scalar) or isinstance(self.default, bool) \
                or not any(type(o) is type(self.default) and o == self.default for o in self.options):
            raise ValueError(f"default of parameter {self.name!r} must be one of its options; got {self.default!r}")
        as_text(self.label, "label")
        if isinstance(self.option_labels, (str, bytes)) or not isinstance(self.option_labels, (tuple, list)):
            raise ArgumentTypeError(f"option_labels of parameter {self.name!r} must be a tuple of strings")
        if self.option_labels and len(self.option_labels) != len(self.options):
            raise ValueError(f"option_labels of parameter {self.name!r} must match options in length")
        for text in self.option_labels:
            as_text(text, "option_labels")

    @property
    def values(self) -> tuple:
        return tuple(self.options)

    @property
    def default_index(self) -> int:
        return list(self.options).index(self.default)

    def format(self, value) -> str:
        if self.option_labels:
            return str(self.option_labels[list(self.options).index(value)])
        return str(value)

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("_", " ")

    def input_attributes(self) -> str:
        return f'min="0" max="{len(self.options) - 1}" step="1" value="{self.default_index}"'


@dataclass
class _Canvas:
    """One figure, its artists, and the cached background used for blitting."""

    figure: Any
    artists: Any
    background: Any = None
    animated: list = field(default_factory=list)


@dataclass(frozen=True)
class FrameSet:
    """The static grid of an explorable: shared backgrounds and one overlay per frame.

    Attributes
    ----------
    backgrounds : tuple of str
        PNG data URIs of the distinct backgrounds (usually one).
    frames : tuple
        One entry per grid point: ``(key, overlay, background, alt)`` with the key (the
        static parameters' value indices joined by ``-``), the overlay's data URI, the
        index of its background, and its alt text.
    default_key : str
        The key of the frame shown first.
    """

    backgrounds: tuple
    frames: tuple
    default_key: str

    def to_json(self) -> str:
        return json.dumps({"backgrounds": list(self.backgrounds), "frames": [list(f) for f in self.frames],
                           "default_key": self.default_key})

    @classmethod
    def from_json(cls, text: str) -> "FrameSet":
        data = json.loads(text)
        return cls(tuple(data["backgrounds"]), tuple(tuple(f) for f in data["frames"]), data["default_key"])


@functools.lru_cache(maxsize=1)
def _fingerprint() -> str:
    """A hash of everything a frame can depend on: acslib's code and data, and the
    versions of the libraries that draw and encode it."""
    import matplotlib
    import PIL
    import scipy
    from matplotlib import ft2font

    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        # Code and data; the page's own script and style (static/) do not change a frame.
        if path.is_file() and path.suffix in {".py", ".csv", ".json"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    for version in (np.__version__, matplotlib.__version__, PIL.__version__, scipy.__version__,
                    getattr(ft2font, "__freetype_version__", "")):
        digest.update(str(version).encode())
    return digest.hexdigest()


def _cache_dir() -> Path | None:
    location = os.environ.get("ACSLIB_CACHE_DIR", "").strip()
    return Path(location) if location else None


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
        Resolution of rendered images, 10 to 300 dots per inch.

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
        as_text(title, "title", allow_empty=False, max_length=200)
        if isinstance(params, (str, bytes, Param, Choice)) or not isinstance(params, (tuple, list)):
            raise ArgumentTypeError("params must be a sequence of Param and Choice objects")
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
        if isinstance(static_params, str):
            static_params = (static_params,)
        if not isinstance(static_params, (tuple, list)) or not all(isinstance(n, str) for n in static_params):
            raise ArgumentTypeError("static_params must be a sequence of parameter names")
        static_params = tuple(static_params)
        if not 1 <= len(static_params) <= MAX_STATIC_PARAMS:
            raise ValueError(f"static_params must name one or two parameters; got {static_params}")
        unknown = set(static_params) - set(names)
        if unknown:
            raise ValueError(f"static_params names unknown parameters: {sorted(unknown)}")
        if not isinstance(figsize, (tuple, list)) or len(figsize) != 2:
            raise ArgumentTypeError(f"figsize must be two numbers (width, height) in inches; got {figsize!r}")
        figsize = tuple(as_scalar(v, "figsize") for v in figsize)
        if not all(0 < v <= 20 for v in figsize):
            raise ValueError(f"figsize must be two positive numbers up to 20 inches; got {figsize}")
        dpi = as_int(dpi, "dpi", minimum=10, maximum=300)
        self.title = title
        self.params = params
        self.build = build
        self._draw = draw
        self._describe = describe
        # In slider order, so frame keys follow the page's sliders.
        self.static_params = tuple(n for n in names if n in static_params)
        self.figsize = tuple(figsize)
        self.dpi = int(dpi)
        self._canvas: _Canvas | None = None
        self._frames: FrameSet | None = None
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

    def values_at(self, indices: Sequence[int]) -> dict:
        """Parameter values for one index per parameter (slider positions)."""
        if isinstance(indices, np.ndarray):
            indices = indices.tolist() if indices.ndim == 1 else None
        if not isinstance(indices, (tuple, list)) or not all(
                isinstance(i, (int, np.integer)) and not isinstance(i, (bool, np.bool_)) for i in indices):
            raise ArgumentTypeError("indices must be a sequence of slider positions (integers)")
        if len(indices) != len(self.params):
            raise ValueError(f"indices must give one position per parameter ({len(self.params)})")
        values = {}
        for p, i in zip(self.params, indices):
            if not isinstance(i, (int, np.integer)):
                raise ArgumentTypeError(f"indices must be integer positions on each slider; got {i!r} for {p.name!r}")
            if not 0 <= i < len(p.values):
                raise ValueError(f"indices must be positions on each slider; got {i!r} for {p.name!r}")
            values[p.name] = p.values[int(i)]
        return values

    # ------------------------------------------------------------------ rendering
    def _ensure_canvas(self) -> _Canvas:
        if self._canvas is None:
            import matplotlib
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            from .figures.style import RC

            with matplotlib.rc_context(RC):
                figure = Figure(figsize=self.figsize, dpi=self.dpi)
                FigureCanvasAgg(figure)
                artists = self.build(figure)
            self._canvas = _Canvas(figure=figure, artists=artists)
        return self._canvas

    def draw(self, **params) -> None:
        """Update the explorable's one figure in place for ``params``."""
        canvas = self._ensure_canvas()
        self._draw(canvas.artists, **self._complete(params))

    def _render_rgba(self, **params) -> np.ndarray:
        """Draw ``params`` and return the canvas as RGBA pixels (blitting)."""
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
        return np.asarray(figure.canvas.buffer_rgba()).copy()

    def render_png(self, **params) -> bytes:
        """A full-colour PNG of the frame at ``params`` (what the live widget shows)."""
        from PIL import Image

        buffer = io.BytesIO()
        Image.fromarray(self._render_rgba(**params), "RGBA").convert("RGB").save(
            buffer, format="png", compress_level=1)
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
        frame = self._render_rgba(**params)
        figure = self._canvas.figure
        figure.canvas.restore_region(self._canvas.background)
        background = np.asarray(figure.canvas.buffer_rgba()).copy()
        overlay = frame.copy()
        same = frame.view(np.uint32)[..., 0] == background.view(np.uint32)[..., 0]
        overlay[same] = 0
        return background, overlay

    def frames(self) -> FrameSet:
        """The static grid, rendered once (and cached on disk when ``ACSLIB_CACHE_DIR`` is set)."""
        if self._frames is not None:
            return self._frames
        cache = _cache_dir()
        path = None
        if cache is not None:
            path = cache / "frames" / f"{self.slug}-{self._cache_key()}.json"
            if path.exists():
                try:
                    self._frames = FrameSet.from_json(path.read_text(encoding="utf-8"))
                    return self._frames
                except (ValueError, KeyError, OSError):
                    pass  # a damaged entry is drawn again
        static = [p for p in self.params if p.name in self.static_params]
        default_key = "-".join(str(p.default_index) for p in static)
        backgrounds: dict[bytes, int] = {}
        uris: list[str] = []
        frames = []
        for combo in itertools.product(*(range(len(p.values)) for p in static)):
            values = {p.name: p.values[i] for p, i in zip(static, combo)}
            background, overlay = self.render_layers(**values)
            fingerprint = hashlib.sha1(background.tobytes()).digest()
            if fingerprint not in backgrounds:
                backgrounds[fingerprint] = len(uris)
                uris.append(_data_uri(_palette_image(background)))
            frames.append(("-".join(map(str, combo)), _data_uri(_palette_image(overlay)),
                           backgrounds[fingerprint], self.describe(**values)))
        self._frames = FrameSet(tuple(uris), tuple(frames), default_key)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary = path.with_suffix(f".{os.getpid()}.tmp")
                temporary.write_text(self._frames.to_json(), encoding="utf-8")
                temporary.replace(path)
            except OSError:
                pass  # a read-only cache only costs time
        return self._frames

    def _cache_key(self) -> str:
        identity = [self.title, repr(self.params), self.static_params, self.figsize, self.dpi]
        for function in (self.build, self._draw, self._describe):
            identity.append(f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', repr(function))}")
        digest = hashlib.sha256(json.dumps(identity, default=str).encode())
        digest.update(_fingerprint().encode())
        return digest.hexdigest()[:24]

    # ------------------------------------------------------------------ HTML
    def _controls(self, names: Sequence[str], dom_id: str) -> str:
        defaults = self.defaults()
        controls = []
        for p in self.params:
            if p.name not in names:
                continue
            input_id = f"{dom_id}-{p.name}"
            labels = html.escape(json.dumps([p.format(v) for v in p.values], ensure_ascii=False), quote=True)
            current = html.escape(p.format(defaults[p.name]))
            static = " data-static" if p.name in self.static_params else ""
            controls.append(
                f'<div class="acs-control"><label for="{input_id}">{html.escape(p.display_label)}</label>'
                f'<input type="range" id="{input_id}" {p.input_attributes()} data-default="{p.default_index}" '
                f'data-labels="{labels}" aria-valuetext="{current}"{static}>'
                f'<output for="{input_id}" aria-hidden="true">{current}</output></div>'
            )
        return "".join(controls)

    def to_html(self, *, live: bool = False, fallback: bool = False, assets: bool = True) -> str:
        """The figure's markup: layered frames, a range input per slider, a caption.

        Parameters
        ----------
        live : bool
            Sliders for every parameter (the live widget's markup); otherwise only
            for ``static_params``, and the caption names the values held fixed.
        fallback : bool
            Mark the markup as the static copy that stands in for a live widget.
        assets : bool
            Inline the script and stylesheet, so the markup works on its own (in a
            notebook output, in slides). The website build keeps them.

        Raises
        ------
        ValueError
            If the rendering exceeds :data:`PAGE_BUDGET_BYTES`.
        """
        as_bool(live, "live")
        as_bool(fallback, "fallback")
        as_bool(assets, "assets")
        frame_set = self.frames()
        width = int(self.figsize[0] * self.dpi)
        height = int(self.figsize[1] * self.dpi)
        dom_id = f"acs-{self.slug}" + ("-live" if live else "")
        images = []
        default_background = 0
        for key, src, background, alt in frame_set.frames:
            hidden = " hidden"
            if key == frame_set.default_key:
                hidden, default_background = "", background
            images.append(
                f'<img src="{src}" alt="{html.escape(alt, quote=True)}" data-key="{key}" '
                f'data-background="{background}" width="{width}" height="{height}"{hidden}>'
            )
        names = [p.name for p in self.params] if live else list(self.static_params)
        fixed = [p for p in self.params if p.name not in names]
        note = ""
        if fixed:
            defaults = self.defaults()
            held = ", ".join(f"{p.display_label} = {p.format(defaults[p.name])}" for p in fixed)
            note = (f' <span class="acs-fixed">On this page {held}; run the notebook to vary '
                    f'{"it" if len(fixed) == 1 else "them"} too.</span>')
        backgrounds_json = html.escape(json.dumps(list(frame_set.backgrounds)), quote=True)
        document = (
            f'<figure class="acs-explorable" id="{dom_id}"{" data-fallback" if fallback else ""}>'
            f'<div class="acs-scroll"><div class="acs-frames" data-backgrounds="{backgrounds_json}" '
            f'style="max-width:{width}px;--acs-width:{width}px;'
            f'background-image:url({frame_set.backgrounds[default_background]})">'
            f'{"".join(images)}</div></div>'
            f'<div class="acs-controls" hidden>{self._controls(names, dom_id)}</div>'
            f'<figcaption><strong>{html.escape(self.title)}.</strong> '
            f'<span class="acs-description">{html.escape(self.describe())}</span>{note}</figcaption>'
            f'{inline_assets() if assets else ""}</figure>'
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
        """The live rendering for JupyterLab: an anywidget over the same markup."""
        from ._live import LiveExplorable

        return LiveExplorable(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/plain": f"<Explorable {self.title!r}: {', '.join(p.name for p in self.params)}>",
            "text/html": self.to_html(),
        }

    def _ipython_display_(self):
        """Display the live widget and its static copy (only the copy for the website)."""
        from IPython.display import display

        if os.environ.get("ACSLIB_EXPLORABLES", "").strip().lower() != "static":
            display(self.widget())
            bundle = self._repr_mimebundle_()
            bundle["text/html"] = self.to_html(fallback=True)
            display(bundle, raw=True)
        else:
            display(self._repr_mimebundle_(), raw=True)

    def __repr__(self) -> str:
        return f"Explorable({self.title!r}, params={[p.name for p in self.params]})"


class StaticFigure:
    """A fixed matplotlib figure that always displays with its alt text.

    Chapters return one of these instead of a bare matplotlib figure, so the image
    carries meaningful alt text in JupyterLab and on the website alike (a bare figure
    would be shown with its file name as alt text), and reads in both themes. It
    renders as an ``<img>`` with a compact 64-colour image, plus a plain-text fallback that
    is the alt text itself.

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
    >>> picture._repr_html_()[:26]
    '<figure class="acs-static"'
    """

    def __init__(self, figure, alt: str):
        if not isinstance(alt, str) or len(alt.split()) < 3:
            raise ValueError("alt must describe the figure in a sentence")
        if not hasattr(figure, "savefig"):
            raise ValueError("figure must be a matplotlib Figure")
        self.figure = figure
        self.alt = alt.strip()

    def to_png(self) -> bytes:
        """The figure as a compact 64-colour image (lossless WebP)."""
        from PIL import Image

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", facecolor="white")
        rgba = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGBA"))
        return _palette_image(rgba)

    def _repr_html_(self) -> str:
        width, height = (int(v) for v in self.figure.get_size_inches() * self.figure.dpi)
        _, style = _assets()
        return (
            f'<figure class="acs-static"><div class="acs-scroll"><img src="{_data_uri(self.to_png())}" '
            f'alt="{html.escape(self.alt, quote=True)}" width="{width}" height="{height}" '
            f'style="max-width:{width}px;--acs-width:{width}px"></div><style>{_minify_css(style)}</style></figure>'
        )

    def __repr__(self) -> str:
        return f"StaticFigure: {self.alt}"
