/* Explorables (acslib.explorable): one script for the static page and the live widget.
 *
 * Static (website, slides, a reopened notebook, nbviewer): every frame of the static
 * grid is a transparent overlay <img> over a shared background; the sliders choose the
 * frame. No dependencies, no network, keyboard-friendly (native range inputs).
 *
 * Live (JupyterLab, through anywidget): the same markup and the same frames, plus
 * sliders for every parameter. A move that stays on the precomputed grid swaps a frame
 * in the browser; any other combination asks the kernel to draw it (one message, one
 * PNG back), and the answer is kept so returning to it is instant.
 *
 * Accessibility: each slider's aria-valuetext is the formatted value with its unit, the
 * same text as its visible readout; a move makes one announcement (the slider's own);
 * the figure's description is the visible image's alt text and the caption.
 */
(function (root) {
  "use strict";

  function parse(text, fallback) {
    try { return JSON.parse(text); } catch (error) { return fallback; }
  }

  function activate(figure, live) {
    if (!figure || figure.getAttribute("data-acs-ready")) return null;
    figure.setAttribute("data-acs-ready", "1");
    var box = figure.querySelector(".acs-frames");
    var inputs = Array.prototype.slice.call(figure.querySelectorAll(".acs-controls input[type=range]"));
    var frames = {};
    Array.prototype.forEach.call(box.querySelectorAll("img[data-key]"), function (img) {
      frames[img.getAttribute("data-key")] = img;
    });
    var backgrounds = parse(box.getAttribute("data-backgrounds"), []);
    var description = figure.querySelector(".acs-description");
    var shown = box.querySelector("img[data-key]:not([hidden])");
    var liveImage = null;
    var rendered = {};  // live: frames drawn by the kernel, by key
    var wanted = null;

    function index(input) {
      var grid = parse(input.getAttribute("data-grid"), null);
      if (!grid) return Number(input.value);
      return Math.round((Number(input.value) - grid[0]) / grid[1]);
    }

    function key(which) {
      return inputs.filter(function (input) { return which(input); })
        .map(function (input) { return String(index(input)); }).join("-");
    }

    function onGrid() {
      return inputs.every(function (input) {
        return input.hasAttribute("data-static") || index(input) === Number(input.getAttribute("data-default"));
      });
    }

    // On the website, frames other than the first are files fetched when the figure comes
    // near the screen or is touched (data-src), so a page's first load stays light.
    var pending = Array.prototype.slice.call(box.querySelectorAll("img[data-src]"));
    function fetchFrames() {
      pending.forEach(function (img) { if (!img.getAttribute("src")) img.src = img.getAttribute("data-src"); });
      pending = [];
    }
    if (pending.length) {
      if (typeof IntersectionObserver !== "undefined") {
        var watcher = new IntersectionObserver(function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) { fetchFrames(); watcher.disconnect(); }
        }, { rootMargin: "50% 0px" });
        watcher.observe(figure);
      }
      figure.addEventListener("focusin", fetchFrames);
      figure.addEventListener("pointerenter", fetchFrames);
    }

    function show(img, background, alt) {
      if (liveImage && img !== liveImage) liveImage.hidden = true;
      if (shown && shown !== img) shown.hidden = true;
      img.hidden = false;
      if (img !== liveImage) shown = img;
      box.style.backgroundImage = background === null ? "none" : "url(" + backgrounds[background] + ")";
      if (description) description.textContent = alt;
    }

    function readouts() {
      inputs.forEach(function (input) {
        var labels = parse(input.getAttribute("data-labels"), []);
        var text = labels[index(input)];
        if (text === undefined) return;
        input.setAttribute("aria-valuetext", text);
        var output = figure.querySelector('output[for="' + input.id + '"]');
        if (output) output.textContent = text;
      });
    }

    function update() {
      readouts();
      if (!live || onGrid()) {
        var next = frames[key(function (input) { return input.hasAttribute("data-static"); })];
        wanted = null;
        if (!next) return;
        if (!next.getAttribute("src")) fetchFrames();
        if (!next.complete) {  // not fetched yet: swap when it arrives, if still wanted
          next.addEventListener("load", function () { update(); }, { once: true });
          return;
        }
        show(next, Number(next.getAttribute("data-background")), next.alt);
        return;
      }
      var all = key(function () { return true; });
      wanted = all;
      if (rendered[all]) { showRendered(all); return; }
      live.request(all, inputs.map(index));
    }

    function showRendered(which) {
      var frame = rendered[which];
      if (!liveImage) {
        liveImage = document.createElement("img");
        liveImage.className = "acs-live-frame";
        liveImage.width = shown ? shown.width : 640;
        liveImage.height = shown ? shown.height : 360;
        box.appendChild(liveImage);
      }
      liveImage.src = frame.src;
      liveImage.alt = frame.alt;
      show(liveImage, null, frame.alt);
    }

    inputs.forEach(function (input) { input.addEventListener("input", update); });
    // In JupyterLab, arrow keys on a slider must move the slider, not select cells.
    figure.setAttribute("data-lm-suppress-shortcuts", "true");
    var sliderKeys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];
    figure.addEventListener("keydown", function (event) {
      var plain = !(event.ctrlKey || event.metaKey || event.altKey);
      if (event.target && event.target.tagName === "INPUT" && plain && sliderKeys.indexOf(event.key) >= 0) {
        event.stopPropagation();
      }
    });
    var controls = figure.querySelector(".acs-controls");
    if (controls) controls.hidden = false;
    update();
    return {
      // Live: the kernel's answer for one combination of slider positions.
      receive: function (which, src, alt) {
        rendered[which] = { src: src, alt: alt };
        if (which === wanted) showRendered(which);
      },
      update: update
    };
  }

  function activateAll(scope) {
    Array.prototype.forEach.call((scope || document).querySelectorAll("figure.acs-explorable"), function (figure) {
      activate(figure, null);
    });
  }

  root.acsExplorable = { activate: activate, activateAll: activateAll };
  // The live widget loads this file as an ES module that declares ACS_MODULE and
  // activates its own figure; a <script> activates its figure, or every figure.
  if (typeof ACS_MODULE === "undefined" && typeof document !== "undefined") {
    var script = document.currentScript;
    var own = script && script.closest ? script.closest("figure.acs-explorable") : null;
    if (own) {
      activate(own, null);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { activateAll(); });
    } else {
      activateAll();
    }
  }
})(typeof window !== "undefined" ? window : this);
