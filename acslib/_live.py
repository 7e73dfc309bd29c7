"""The live widget behind :meth:`acslib.explorable.Explorable.widget` (JupyterLab).

An anywidget whose front end is the book's explorable script: it shows the explorable's
markup with a slider for every parameter. Moves on the precomputed grid are handled in
the browser; for any other combination the front end sends the slider positions, and
the kernel answers with one PNG drawn on the explorable's single, reused figure.

Private: chapters display explorables, never this class.
"""

from __future__ import annotations

import functools

import anywidget
import traitlets

from .explorable import _assets, _data_uri

__all__ = ["LiveExplorable"]


@functools.lru_cache(maxsize=1)
def _module() -> str:
    script, _ = _assets()
    return (
        "const ACS_MODULE = true;\n" + script + "\n"
        "export default {\n"
        "  render({ model, el }) {\n"
        "    el.classList.add('acs-live');\n"
        "    el.innerHTML = model.get('html');\n"
        "    const figure = el.querySelector('figure.acs-explorable');\n"
        "    let handle = null;\n"
        "    const live = { request(key, indices) { model.send({ type: 'render', key: key, indices: indices }); } };\n"
        "    model.on('msg:custom', (message) => {\n"
        "      if (message && message.type === 'frame' && handle) handle.receive(message.key, message.src, message.alt);\n"
        "    });\n"
        "    handle = window.acsExplorable.activate(figure, live);\n"
        "  }\n"
        "};\n"
    )


class LiveExplorable(anywidget.AnyWidget):
    """The live view of one :class:`~acslib.explorable.Explorable`."""

    # The front end loads the module from the state the widget is created with.
    _esm = _module()
    _css = _assets()[1]
    html = traitlets.Unicode().tag(sync=True)

    def __init__(self, explorable, **kwargs):
        super().__init__(html=explorable.to_html(live=True, assets=False), **kwargs)
        self._explorable = explorable
        self.on_msg(self._on_message)

    def __repr__(self) -> str:
        # Also the widget output's text/plain, saved in the notebook: keep it short.
        return f"<live explorable: {self._explorable.title}>"

    def _on_message(self, _widget, content, _buffers):
        if not isinstance(content, dict) or content.get("type") != "render":
            return
        try:
            values = self._explorable.values_at([int(i) for i in content.get("indices", [])])
        except (TypeError, ValueError):
            return  # a malformed message from the page changes nothing
        png = self._explorable.render_png(**values)
        self.send({"type": "frame", "key": str(content.get("key", "")), "src": _data_uri(png),
                   "alt": self._explorable.describe(**values)})


