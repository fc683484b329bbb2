// Dashboard charts, drawn with Chart.js from the figures the page embeds (#dashboard-charts):
// the same figures as each chart's "Show as table" and its CSV download.
(function () {
  "use strict";
  var root = document.getElementById("charts");

  function getJSON(url) {
    return fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}}).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }
  // Follow `next` links so a paginated list arrives whole.
  function getAll(url, rows) {
    rows = rows || [];
    return getJSON(url).then(function (page) {
      var results = Array.isArray(page) ? page : page.results;
      rows = rows.concat(results || []);
      return page.next ? getAll(page.next, rows) : rows;
    });
  }
  window.dashboardApi = {getJSON: getJSON, getAll: getAll};
  window.dashboardCharts = {};
  if (!root || !window.Chart) { return; }

  var charts = JSON.parse(document.getElementById("dashboard-charts").textContent);
  var palette = ["#005a9c", "#b35900", "#1e6b34", "#a4161a", "#5c5c5c", "#6a3d9a"];
  var statusColours = ["#b35900", "#005a9c", "#1e6b34", "#a4161a", "#5c5c5c"];  // PledgeStatus order
  var phone = window.matchMedia("(max-width: 40rem)");

  // Long labels ("Latin America and the Caribbean") break into lines instead of being cut.
  function wrap(label, width) {
    var words = String(label).split(" "), lines = [], line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : lines[0] || "";
  }

  function column(chart, index) {
    return chart.values.map(function (row) { return row[index]; });
  }

  var tick = {autoSkip: false, maxRotation: 0, minRotation: 0};
  var build = {
    "chart-monthly": function (chart) {
      return {type: "bar", data: {
        labels: chart.labels.map(function (l) { return wrap(l, 8); }),
        datasets: [
          {label: chart.series[0], data: column(chart, 0), backgroundColor: palette[0], yAxisID: "y"},
          {label: chart.series[1], data: column(chart, 1), type: "line", borderColor: palette[1], backgroundColor: palette[1], yAxisID: "y1"}
        ]},
        options: {scales: {x: {ticks: {autoSkip: true, maxRotation: 0}},
                           y: {beginAtZero: true, position: "left"},
                           y1: {beginAtZero: true, position: "right", grid: {drawOnChartArea: false}}}}};
    },
    "chart-pledges": function (chart) {
      return {type: "bar", data: {
        labels: chart.labels.map(function (l) { return wrap(l, 12); }),
        datasets: chart.series.map(function (name, i) {
          return {label: name, data: column(chart, i), backgroundColor: statusColours[i % statusColours.length]};
        })},
        options: {scales: {x: {stacked: true, ticks: tick}, y: {stacked: true, beginAtZero: true}}}};
    },
    "chart-vnr": function (chart) {
      return {type: "bar", data: {
        labels: chart.labels.map(function (l) { return wrap(l, phone.matches ? 14 : 24); }),
        datasets: [{label: chart.series[0], data: column(chart, 0), backgroundColor: palette[2]}]},
        options: {indexAxis: "y", scales: {x: {beginAtZero: true, ticks: {precision: 0}}, y: {ticks: tick}}}};
    },
    "chart-reporting": function (chart) {
      return {type: "bar", data: {
        labels: chart.labels.map(function (l) { return wrap(l, 12); }),
        datasets: [
          {label: chart.series[0], data: column(chart, 0), backgroundColor: palette[0]},
          {label: chart.series[1], data: column(chart, 1), backgroundColor: palette[2]}
        ]},
        options: {scales: {x: {ticks: tick}, y: {beginAtZero: true, max: 100}}}};
    },
    "chart-alliance": function (chart) {
      return {type: "line", data: {
        labels: chart.labels.map(function (l) { return wrap(l, 9); }),
        datasets: [{label: chart.series[0], data: column(chart, 0), borderColor: palette[5], backgroundColor: palette[5]}]},
        options: {scales: {x: {ticks: {autoSkip: true, maxRotation: 0}}, y: {beginAtZero: true, ticks: {precision: 0}}}}};
    }
  };

  var rtl = document.documentElement.dir === "rtl";
  charts.forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas || !build[chart.id]) { return; }
    var config = build[chart.id](chart);
    config.options = Object.assign({
      responsive: true, animation: false, maintainAspectRatio: false,
      layout: {padding: {top: 4, right: 12, bottom: 4, left: 4}},
      // Right-to-left pages (Arabic): legends and tooltips read from the right; axes stay as drawn.
      plugins: {legend: {position: "bottom", rtl: rtl, labels: {boxWidth: 12}}, tooltip: {rtl: rtl}}
    }, config.options);
    window.dashboardCharts[chart.id] = new window.Chart(canvas, config);
  });
})();
