/* Static explorables: choose the precomputed frame that matches the sliders.
 * Written for acslib.explorable; no dependencies, no network, keyboard-friendly
 * (native range inputs). Sphinx adds this file only to pages that hold an explorable. */
(function () {
  "use strict";
  function activate(figure) {
    if (figure.dataset.acsReady) return;
    figure.dataset.acsReady = "1";
    var inputs = Array.prototype.slice.call(figure.querySelectorAll("input[type=range]"));
    var frames = {};
    Array.prototype.forEach.call(figure.querySelectorAll("img[data-key]"), function (img) {
      frames[img.getAttribute("data-key")] = img;
    });
    var description = figure.querySelector(".acs-description");
    var shown = figure.querySelector("img[data-key]:not([hidden])");
    var box = figure.querySelector(".acs-frames");
    var backgrounds = JSON.parse(box.getAttribute("data-backgrounds") || "[]");
    function update() {
      var key = inputs.map(function (input) { return input.value; }).join("-");
      inputs.forEach(function (input) {
        var labels = JSON.parse(input.getAttribute("data-labels"));
        var text = labels[Number(input.value)];
        input.setAttribute("aria-valuetext", text);
        var output = figure.querySelector('output[for="' + input.id + '"]');
        if (output) output.textContent = text;
      });
      var next = frames[key];
      if (!next || next === shown) return;
      if (next.getAttribute("data-background") !== shown.getAttribute("data-background")) {
        var uri = backgrounds[Number(next.getAttribute("data-background"))];
        box.style.backgroundImage = "url(" + uri + ")";
      }
      next.hidden = false;
      shown.hidden = true;
      shown = next;
      if (description) description.textContent = next.alt;
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    var controls = figure.querySelector(".acs-controls");
    if (controls) controls.hidden = false;
    update();
  }
  function activateAll() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.acs-explorable"), activate);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", activateAll);
  } else {
    activateAll();
  }
})();
