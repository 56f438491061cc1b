// Statistics dashboard: draws the ECharts charts from the JSON data block (no inline scripts, CSP).
// Each chart point may carry a drill-down URL; clicking it opens the records behind the figure.
(function () {
  "use strict";
  function init() {
    var holder = document.getElementById("report-charts");
    if (!holder || typeof window.echarts === "undefined") { return; }
    var data = JSON.parse(holder.textContent);
    var nodes = document.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(nodes, function (el) {
      var spec = data[el.getAttribute("data-chart")];
      if (!spec) { return; }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option(el.getAttribute("data-kind"), spec));
      chart.on("click", function (params) {
        var url = (spec.urls || [])[params.dataIndex];
        if (url) { window.location.href = url; }
      });
      el.setAttribute("data-rendered", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  function option(kind, spec) {
    if (kind === "pie") {
      return {
        tooltip: { trigger: "item" }, legend: { bottom: 0, type: "scroll" }, animation: false,
        series: [{ type: "pie", radius: ["35%", "65%"], data: spec.series[0].data }]
      };
    }
    return {
      tooltip: { trigger: "axis" }, legend: { top: 0 }, animation: false,
      grid: { left: 40, right: 16, bottom: kind === "bar" && spec.labels.length > 6 ? 90 : 30, top: 30 },
      xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: spec.labels.length > 6 ? 40 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map(function (s) { return { name: s.name, type: kind, data: s.data, cursor: "pointer" }; })
    };
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
