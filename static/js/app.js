// Small behaviours for the whole product, loaded by base.html. No inline scripts anywhere
// (the Content-Security-Policy forbids them): templates declare behaviour with data attributes.
//   data-confirm="…"        on a submit button or link: ask before going on
//   data-select-on-click    on an input: select its text when clicked (for copying)
document.addEventListener("click", function (event) {
  const confirmer = event.target.closest("[data-confirm]");
  if (confirmer && !window.confirm(confirmer.getAttribute("data-confirm"))) {
    event.preventDefault();
    return;
  }
  const selectable = event.target.closest("[data-select-on-click]");
  if (selectable && typeof selectable.select === "function") {
    selectable.select();
  }
});
