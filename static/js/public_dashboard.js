// The public dashboard (/public/): its charts, drawn with Chart.js, and its world map, drawn with
// d3-geo, both from the figures the page embeds (#public-chart-data, #public-map-states): the
// same figures as each chart's "Show as table", the States' table and the CSV downloads. Nothing
// is fetched but the vendored map outline, since the public has no access to the signed-in API.
(function () {
  "use strict";
  var palette = ["#005a9c", "#b35900", "#1e6b34", "#a4161a", "#5c5c5c", "#6a3d9a"];
  // PledgeStatus order: planned, in progress, achieved, off track, withdrawn.
  var statusColours = {planned: "#b35900", in_progress: "#005a9c", achieved: "#1e6b34", off_track: "#a4161a", withdrawn: "#5c5c5c"};
  var statusOrder = Object.keys(statusColours);
  var lineColours = [palette[5], palette[2]];  // endorsements, Alliance members
  var rateColours = [palette[0], palette[2]];  // received, on time (as on the staff dashboard)
  var noData = "#d9d9d9";
  var rtl = document.documentElement.dir === "rtl";
  window.publicDashboardCharts = {};

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

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
    // One series, a bar per status, each in its status's colour.
    bar: function (chart) {
      return {type: "bar", data: {
        labels: chart.labels.map(function (l) { return wrap(l, 10); }),
        datasets: [{label: chart.series[0], data: column(chart, 0),
                    backgroundColor: statusOrder.map(function (s) { return statusColours[s]; })}]},
        options: {plugins: {legend: {display: false}}, scales: {x: {ticks: tick}, y: {beginAtZero: true, ticks: {precision: 0}}}}};
    },
    // A bar per group, split by status.
    stacked: function (chart) {
      return {type: "bar", data: {
        labels: chart.labels.map(function (l) { return wrap(l, 12); }),
        datasets: chart.series.map(function (name, i) {
          return {label: name, data: column(chart, i), backgroundColor: statusColours[statusOrder[i]] || palette[i]};
        })},
        options: {scales: {x: {stacked: true, ticks: tick}, y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}}}};
    },
    // Averages in %, one bar per series, groups down the side.
    horizontal: function (chart) {
      return {type: "bar", data: {
        labels: chart.labels.map(function (l) { return wrap(l, 16); }),
        datasets: chart.series.map(function (name, i) {
          return {label: name, data: column(chart, i), backgroundColor: palette[i % palette.length]};
        })},
        options: {indexAxis: "y", scales: {x: {beginAtZero: true, max: 100}, y: {ticks: tick}}}};
    },
    line: function (chart) {
      return {type: "line", data: {
        labels: chart.labels.map(function (l) { return wrap(l, 9); }),
        datasets: chart.series.map(function (name, i) {
          var colour = lineColours[i % lineColours.length];
          return {label: name, data: column(chart, i), borderColor: colour, backgroundColor: colour, stepped: true};
        })},
        options: {scales: {x: {ticks: {autoSkip: true, maxRotation: 0}}, y: {beginAtZero: true, ticks: {precision: 0}}}}};
    },
    percent: function (chart) {
      return {type: "bar", data: {
        labels: chart.labels.map(function (l) { return wrap(l, 12); }),
        datasets: chart.series.map(function (name, i) {
          return {label: name, data: column(chart, i), backgroundColor: rateColours[i % rateColours.length]};
        })},
        options: {scales: {x: {ticks: tick}, y: {beginAtZero: true, max: 100}}}};
    }
  };

  function drawCharts() {
    var charts = readJSON("public-chart-data");
    if (!charts || !window.Chart) { return; }
    charts.forEach(function (chart) {
      var canvas = document.getElementById(chart.id);
      if (!canvas || !build[chart.kind]) { return; }
      var config = build[chart.kind](chart);
      var plugins = Object.assign({legend: {}}, config.options.plugins);
      // Right-to-left pages (Arabic): legends and tooltips read from the right; axes stay as drawn.
      plugins.legend = Object.assign({position: "bottom", rtl: rtl, labels: {boxWidth: 12}}, plugins.legend);
      plugins.tooltip = {rtl: rtl};
      config.options = Object.assign({
        responsive: true, animation: false, maintainAspectRatio: false,
        layout: {padding: {top: 4, right: 12, bottom: 4, left: 4}}
      }, config.options, {plugins: plugins});
      window.publicDashboardCharts[chart.id] = new window.Chart(canvas, config);
    });
  }

  // --- The world map -------------------------------------------------------------------------

  var svgNS = "http://www.w3.org/2000/svg";

  function measures(labels) {
    return {
      status: {
        fill: function (state) {
          if (!state.pledges) { return null; }
          return {colour: statusColours[state.status], text: labels.statuses[state.status] + " (" + labels.pledges + ": " + state.pledges + ")"};
        },
        legend: statusOrder.map(function (s) { return [statusColours[s], labels.statuses[s]]; }).concat([[noData, labels.none]])
      },
      endorsed: {
        fill: function (state) { return state.endorsed ? {colour: "#6a3d9a", text: labels.endorsed} : {colour: noData, text: labels.not_endorsed}; },
        legend: [["#6a3d9a", labels.endorsed], [noData, labels.not_endorsed]]
      },
      member: {
        fill: function (state) { return state.member ? {colour: "#1e6b34", text: labels.member} : {colour: noData, text: labels.not_member}; },
        legend: [["#1e6b34", labels.member], [noData, labels.not_member]]
      }
    };
  }

  function swatch(colour) {
    var svg = document.createElementNS(svgNS, "svg"), rect = document.createElementNS(svgNS, "rect");
    svg.setAttribute("class", "public-swatch");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    rect.setAttribute("width", "14");
    rect.setAttribute("height", "14");
    rect.setAttribute("fill", colour);
    rect.setAttribute("stroke", "#555");
    svg.appendChild(rect);
    return svg;
  }

  function drawMap() {
    var container = document.getElementById("public-map");
    var states = readJSON("public-map-states"), labels = readJSON("public-map-labels");
    if (!container || !states || !window.d3 || !window.topojson) { return; }
    var byM49 = {}, shapes = [];
    states.forEach(function (s) { byM49[s.m49] = s; });
    var select = document.getElementById("public-map-measure");
    var legend = document.getElementById("public-map-legend");
    var chosen = measures(labels);

    function colour() {
      var measure = chosen[select.value] || chosen.status;
      shapes.forEach(function (entry) {
        var fill = measure.fill(entry.state);
        var text = entry.state.name + ": " + (fill ? fill.text : labels.none);
        entry.shape.setAttribute("fill", fill ? fill.colour : noData);
        entry.title.textContent = text;
        entry.link.setAttribute("aria-label", text);
      });
      legend.textContent = "";
      measure.legend.forEach(function (item) {
        var li = document.createElement("li");
        li.appendChild(swatch(item[0]));
        li.appendChild(document.createTextNode(" " + item[1]));
        legend.appendChild(li);
      });
      container.dataset.measure = select.value;
    }

    fetch(container.dataset.topology).then(function (r) { return r.json(); }).then(function (topology) {
      var features = window.topojson.feature(topology, topology.objects.countries).features;
      var width = 960, height = 500;
      var projection = window.d3.geoEqualEarth().fitSize([width, height], {type: "FeatureCollection", features: features});
      var path = window.d3.geoPath(projection);
      var svg = document.createElementNS(svgNS, "svg");
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("role", "group");
      svg.setAttribute("aria-labelledby", "map-title");
      features.forEach(function (feature) {
        var state = byM49[feature.id];
        var shape = document.createElementNS(svgNS, "path");
        shape.setAttribute("d", path(feature) || "");
        shape.setAttribute("fill", noData);
        if (!state) { shape.setAttribute("aria-hidden", "true"); svg.appendChild(shape); return; }
        var link = document.createElementNS(svgNS, "a");
        link.setAttribute("href", container.dataset.stateUrl.replace("ZZZ", state.iso3));
        shape.setAttribute("data-iso3", state.iso3);
        var title = document.createElementNS(svgNS, "title");
        shape.appendChild(title);
        link.appendChild(shape);
        svg.appendChild(link);
        shapes.push({state: state, shape: shape, title: title, link: link});
      });
      container.appendChild(svg);
      select.addEventListener("change", colour);
      colour();
    }).catch(function (error) { console.error(error); });
  }

  drawCharts();
  drawMap();
})();
