// Dashboard charts, drawn with Chart.js from the API's dashboard endpoints (session cookie).
(function () {
  "use strict";
  var root = document.getElementById("charts");
  if (!root || !window.Chart) { return; }
  var year = Number(root.dataset.year);
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var palette = ["#005a9c", "#b35900", "#1e6b34", "#a4161a", "#5c5c5c", "#6a3d9a"];
  var statusColours = {planned: "#b35900", in_progress: "#005a9c", achieved: "#1e6b34", off_track: "#a4161a", withdrawn: "#5c5c5c"};
  window.dashboardCharts = {};

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

  function draw(id, config) {
    var canvas = document.getElementById(id);
    config.options = Object.assign({responsive: true, animation: false, maintainAspectRatio: true}, config.options || {});
    window.dashboardCharts[id] = new window.Chart(canvas, config);
  }

  // The twelve months of the year shown.
  getJSON("/api/v1/dashboard/kpis/?from=" + year + "-01&to=" + year + "-12").then(function (payload) {
    var rows = Array.isArray(payload) ? payload : (payload.results || []);
    var months = Array.from(new Set(rows.map(function (r) { return String(r.month).slice(0, 7); }))).sort();
    function series(code) {
      return months.map(function (month) {
        var row = rows.find(function (r) { return r.indicator === code && String(r.month).slice(0, 7) === month; });
        return row ? row.value : 0;
      });
    }
    draw("chart-monthly", {
      type: "bar",
      data: {labels: months, datasets: [
        {label: labels.meetings, data: series("meetings"), backgroundColor: palette[0], yAxisID: "y"},
        {label: labels.children, data: series("children_engaged"), type: "line", borderColor: palette[1], backgroundColor: palette[1], yAxisID: "y1"}
      ]},
      options: {scales: {y: {beginAtZero: true, position: "left"}, y1: {beginAtZero: true, position: "right", grid: {drawOnChartArea: false}}}}
    });
  }).catch(console.error);

  getJSON("/api/v1/dashboard/pledges/?group_by=region").then(function (payload) {
    var groups = payload.results || [];
    draw("chart-pledges", {
      type: "bar",
      data: {
        labels: groups.map(function (g) { return g.name; }),
        datasets: Object.keys(statusColours).map(function (status) {
          return {label: labels.statuses[status], backgroundColor: statusColours[status],
                  data: groups.map(function (g) { return g[status] || 0; })};
        })
      },
      options: {scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true}}}
    });
  }).catch(console.error);

  getJSON("/api/v1/dashboard/summary/?year=" + year).then(function (summary) {
    var stages = (summary.vnr && summary.vnr.stages) || {};
    var codes = Object.keys(labels.stages);
    draw("chart-vnr", {
      type: "bar",
      data: {labels: codes.map(function (c) { return labels.stages[c]; }),
             datasets: [{label: String(year), data: codes.map(function (c) { return stages[c] || 0; }), backgroundColor: palette[2]}]},
      options: {indexAxis: "y", scales: {x: {beginAtZero: true}}}
    });
  }).catch(console.error);

  // Rates are 0-1 (null when nothing was due); the chart shows percentages.
  getJSON("/api/v1/dashboard/reporting/?group_by=region&year=" + year).then(function (payload) {
    var groups = payload.results || [];
    function percent(rate) { return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10; }
    draw("chart-reporting", {
      type: "bar",
      data: {
        labels: groups.map(function (g) { return g.name; }),
        datasets: [
          {label: labels.reporting_rate, backgroundColor: palette[0], data: groups.map(function (g) { return percent(g.reporting_rate); })},
          {label: labels.on_time_rate, backgroundColor: palette[2], data: groups.map(function (g) { return percent(g.on_time_rate); })}
        ]
      },
      options: {scales: {y: {beginAtZero: true, max: 100}}}
    });
  }).catch(console.error);

  getAll("/api/v1/alliance-memberships/?page_size=500").then(function (memberships) {
    var byMonth = {};
    memberships.forEach(function (m) { var k = String(m.joined_on).slice(0, 7); byMonth[k] = (byMonth[k] || 0) + 1; });
    var keys = Object.keys(byMonth).sort();
    var total = 0;
    draw("chart-alliance", {
      type: "line",
      data: {labels: keys, datasets: [{label: labels.members, borderColor: palette[5], backgroundColor: palette[5],
             data: keys.map(function (k) { total += byMonth[k]; return total; })}]},
      options: {scales: {y: {beginAtZero: true}}}
    });
  }).catch(console.error);
})();
