// A character counter under every text area with a maxlength: "120 / 2000", updated as people
// type, so they see the limit before they reach it (cadets/text_limits.py). The counter is
// numbers only (no words to translate) and is announced politely to screen readers once the
// text is near the limit. Loaded by base.html; no inline scripts (Content-Security-Policy).
(function () {
  "use strict";
  function attach(area) {
    if (area.dataset.charCounter === "on") {
      return;
    }
    const limit = parseInt(area.getAttribute("maxlength"), 10);
    if (!limit) {
      return;
    }
    area.dataset.charCounter = "on";
    const counter = document.createElement("div");
    counter.className = "form-text text-end char-counter";
    counter.setAttribute("aria-live", "polite");
    if (area.id) {
      counter.id = area.id + "-counter";
      const described = area.getAttribute("aria-describedby");
      area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    }
    area.insertAdjacentElement("afterend", counter);
    function update() {
      const used = area.value.length;
      counter.textContent = used + " / " + limit;
      const near = used >= limit * 0.9;
      counter.classList.toggle("text-danger", near);
      counter.setAttribute("aria-live", near ? "polite" : "off");
    }
    area.addEventListener("input", update);
    update();
  }
  function attachAll(root) {
    root.querySelectorAll("textarea[maxlength]").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", function () {
    attachAll(document);
  });
  // Parts of a page htmx swaps in get their counters too.
  document.addEventListener("htmx:afterSwap", function (event) {
    attachAll(event.target);
  });
})();
