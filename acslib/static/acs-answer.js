/* Answer boxes for numeric exercises on the static website (acslib.checking).
 *
 * Each box carries its exercise's declaration (NumericAnswer.spec) and gives the same
 * verdict, wording and hints as the Jupyter checker, with no kernel. The formatting
 * below mirrors acslib.checking exactly: numbers are written from their exact binary
 * value with ties rounded away from zero (as Python's decimal ROUND_HALF_UP and
 * JavaScript's toFixed/toPrecision both do), and the tests compare the two verdicts on
 * many answers. The verdict is announced once per check (role="status").
 */
(function () {
  "use strict";
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

  function noNegativeZero(text) {
    return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
  }

  function fixed(value, places) {
    return noNegativeZero(value.toFixed(places));
  }

  function exponentOf(value) {
    return Number(Math.abs(value).toExponential().split("e")[1]);
  }

  function significant(value, figures) {
    if (value === 0) return fixed(0, figures - 1);
    var rounded = Number(value.toPrecision(figures));
    if (Math.abs(value) >= 1e-4 && Math.abs(value) < 1e6) {
      return fixed(rounded, Math.max(0, figures - 1 - exponentOf(rounded)));
    }
    return value.toExponential(figures - 1);
  }

  function format(value, precision) {
    if (precision.kind === "Decimals") {
      return Math.abs(value) >= 1e15 ? significant(value, 3) : fixed(value, precision.places);
    }
    if (precision.kind === "SignificantFigures") return significant(value, precision.figures);
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return fixed(value, 0);
    return significant(value, 6);
  }

  function direction(spec, value) {
    var expected = spec.expected;
    var describe = spec.describe;
    if (spec.precision.kind === "SignificantFigures") {
      if (value === 0 || (value < 0) !== (expected < 0)) {
        return value !== 0 ? "of the wrong sign" : "zero, which cannot be right";
      }
      var logFactor = Math.abs(Math.log(Math.abs(value)) - Math.log(Math.abs(expected)));
      var side = Math.abs(value) > Math.abs(expected) ? "high" : "low";
      if (logFactor > Math.log(1e6)) return "too " + side + " by a factor of more than a million";
      var factor = Math.exp(logFactor);
      if (factor >= 1.5) return "too " + side + " by a factor of about " + significant(factor, 2);
      var percent = 100 * (factor - 1);
      if (percent >= 1) return "too " + side + ", by about " + fixed(percent, 0) + "%";
      return "close but too " + side + ": within 1%, not " + describe + "; check your rounding and the last step";
    }
    var miss = value - expected;
    var sideAbs = miss > 0 ? "high" : "low";
    if (Math.abs(miss) <= 10 * Math.max(spec.tolerance, 1e-12)) {
      return "close but too " + sideAbs + ": not " + describe + "; check your rounding and the last step";
    }
    return "too " + sideAbs + ", by about " + significant(Math.abs(miss), 1) + (spec.unit ? " " + spec.unit : "");
  }

  function verdict(spec, text) {
    var where = " (" + spec.exercise + ")";
    var no = "❌ Not yet" + where + ": ";
    var trimmed = text.trim();
    if (!trimmed) return no + "no answer yet — type your value and press Enter.";
    if (/[,\s]/.test(trimmed) && NUMBER.test(trimmed.replace(/[,\s]/g, ""))) {
      return no + "write the number without commas or spaces, for example 2400 or 2.4e3.";
    }
    if (!NUMBER.test(trimmed)) return no + "expected a number, got the text '" + trimmed + "'.";
    var value = Number(trimmed);
    if (!isFinite(value)) return no + "your answer is infinite; look for a division by zero or an overflow.";
    var shown = format(value, spec.precision) + (spec.unit ? " " + spec.unit : "");
    if (spec.precision.kind === "WholeNumber" && Math.abs(value - Math.round(value)) > 1e-9 * Math.max(1, Math.abs(value))) {
      return no + "your answer " + shown + " is not a whole number; the question asks for a whole number.";
    }
    if (Math.abs(value - spec.expected) <= spec.tolerance) {
      var rounded = format(spec.expected, spec.precision);
      var unit = spec.unit ? " " + spec.unit : "";
      if (format(value, spec.precision) === rounded) return "✅ Correct" + where + ": " + shown + ".";
      return "✅ Correct" + where + ": " + String(value) + unit + " (" + rounded + unit + " " + spec.describe + ").";
    }
    // A rejected answer is never shown rounded to the right answer's digits: when its
    // rounding matches, it is shown as given.
    if (format(value, spec.precision) === format(spec.expected, spec.precision)) {
      shown = String(value) + (spec.unit ? " " + spec.unit : "");
    }
    for (var i = 0; i < spec.mistakes.length; i++) {
      var mistake = spec.mistakes[i];
      if (Math.abs(value - mistake.value) <= mistake.tolerance) return no + "your answer " + shown + ": " + mistake.feedback;
    }
    return (no + "your answer " + shown + " is " + direction(spec, value) + ". " + spec.hint).trim();
  }

  function activate(form) {
    if (form.getAttribute("data-acs-ready")) return;
    form.setAttribute("data-acs-ready", "1");
    var spec = JSON.parse(form.getAttribute("data-spec"));
    var input = form.querySelector("input");
    var status = form.querySelector(".acs-verdict");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = verdict(spec, input.value);
      status.textContent = "";  // so the same verdict twice is announced twice
      window.setTimeout(function () {
        status.textContent = text;
        status.className = "acs-verdict " + (text.indexOf("✅") === 0 ? "acs-pass" : "acs-fail");
      }, 30);
    });
    form.hidden = false;
  }

  window.acsAnswer = { verdict: verdict, format: format };
  function activateAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form.acs-answer"), activate);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", activateAll);
  else activateAll();
})();
