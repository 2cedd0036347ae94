// Charts of the dashboard (Chart.js from static/vendor). No inline script: the CSP forbids it.
// A <canvas data-chart='{"type": "bar", "labels": [...], "datasets": [...], "links": [...]}'>
// becomes a chart; clicking a bar or slice opens links[index], the filtered list behind it.
// Options: "horizontal": true, "stacked": true, "max": 100; a dataset with "line": true is drawn
// as a line over the bars (the quota). The table next to each chart carries the same figures.
(function () {
  "use strict";
  var PALETTE = ["#c0392b", "#2471a3", "#229954", "#d68910", "#7d3c98", "#17a589", "#5d6d7e", "#b7950b"];

  function build(canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute("data-chart"));
    } catch (error) {
      return;
    }
    var pie = spec.type === "doughnut" || spec.type === "pie";
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = PALETTE[index % PALETTE.length];
      var result = { label: dataset.label, data: dataset.data };
      if (pie) {
        result.backgroundColor = spec.labels.map(function (_, i) { return PALETTE[i % PALETTE.length]; });
      } else if (dataset.line) {
        result.type = "line";
        result.borderColor = "#000";
        result.backgroundColor = "#000";
        result.borderDash = [6, 4];
        result.stack = "quota";
      } else {
        result.backgroundColor = spec.datasets.length > 1 ? colour : PALETTE[1];
      }
      return result;
    });
    var scales = {};
    if (!pie) {
      var value = { beginAtZero: true, stacked: !!spec.stacked, ticks: { precision: 0 } };
      if (spec.max) { value.max = spec.max; }
      var category = { stacked: !!spec.stacked };
      scales = spec.horizontal ? { x: value, y: category } : { x: category, y: value };
    }
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        animation: false,
        scales: scales,
        plugins: { legend: { display: pie || spec.datasets.length > 1, position: pie ? "right" : "top" } },
        onClick: function (event, elements) {
          var links = spec.links || [];
          if (elements.length && links[elements[0].index]) {
            window.location.href = links[elements[0].index];
          }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length && (spec.links || []).length ? "pointer" : "default";
        }
      }
    });
  }

  function init() {
    if (!window.Chart) { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(build);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
