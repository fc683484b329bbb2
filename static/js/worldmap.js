// World map: each State a <path data-iso3> linking to its page, coloured by a chosen measure.
(function () {
  "use strict";
  var container = document.getElementById("map");
  if (!container || !window.d3 || !window.topojson) { return; }
  var api = window.dashboardApi;
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var states = JSON.parse(document.getElementById("member-states").textContent);
  var byM49 = {};
  states.forEach(function (s) { byM49[s.m49] = s; });
  var svgNS = "http://www.w3.org/2000/svg";
  var statusColours = {planned: "#b35900", in_progress: "#005a9c", achieved: "#1e6b34", off_track: "#a4161a", withdrawn: "#5c5c5c"};
  var visitScale = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"];
  var noData = "#d9d9d9";
  var paths = {};

  function measures() {
    return {
      pledges: function () {
        return api.getJSON("/api/v1/dashboard/pledges/?group_by=member_state").then(function (payload) {
          var fills = {};
          (payload.results || []).forEach(function (row) {
            // The State's most frequent status colours it.
            var best = Object.keys(statusColours).reduce(function (a, b) { return (row[b] || 0) > (row[a] || 0) ? b : a; });
            fills[row.group] = {colour: statusColours[best], text: labels.statuses[best] + " (" + row.total + ")"};
          });
          return {fills: fills, legend: Object.keys(statusColours).map(function (s) { return [statusColours[s], labels.statuses[s]]; })};
        });
      },
      visits: function () {
        return api.getAll("/api/v1/visits/?page_size=500").then(function (visits) {
          var counts = {};
          visits.forEach(function (v) { counts[v.member_state] = (counts[v.member_state] || 0) + 1; });
          var fills = {};
          Object.keys(counts).forEach(function (iso3) {
            fills[iso3] = {colour: visitScale[Math.min(counts[iso3], visitScale.length) - 1], text: counts[iso3] + " " + labels.visits};
          });
          return {fills: fills, legend: visitScale.map(function (c, i) { return [c, (i + 1) + (i === visitScale.length - 1 ? "+" : "") + " " + labels.visits]; })};
        });
      },
      alliance: function () {
        return api.getAll("/api/v1/member-states/?page_size=500").then(function (rows) {
          var fills = {};
          rows.forEach(function (s) {
            if (s.alliance_member) { fills[s.iso3] = {colour: "#6a3d9a", text: labels.member}; }
            else if (s.cta_endorsed) { fills[s.iso3] = {colour: "#cab2d6", text: labels.endorsed}; }
          });
          return {fills: fills, legend: [["#6a3d9a", labels.member], ["#cab2d6", labels.endorsed]]};
        });
      }
    };
  }

  function drawBase(topology) {
    var features = window.topojson.feature(topology, topology.objects.countries).features;
    var width = 960, height = 500;
    var projection = window.d3.geoEqualEarth().fitSize([width, height], {type: "FeatureCollection", features: features});
    var path = window.d3.geoPath(projection);
    var svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("role", "group");
    features.forEach(function (feature) {
      var state = byM49[feature.id];
      var shape = document.createElementNS(svgNS, "path");
      shape.setAttribute("d", path(feature) || "");
      shape.setAttribute("fill", noData);
      if (!state) { shape.setAttribute("aria-hidden", "true"); svg.appendChild(shape); return; }
      var link = document.createElementNS(svgNS, "a");
      link.setAttribute("href", "/states/" + state.iso3 + "/");
      link.setAttribute("aria-label", state.name);
      shape.setAttribute("data-iso3", state.iso3);
      var title = document.createElementNS(svgNS, "title");
      title.textContent = state.name;
      shape.appendChild(title);
      link.appendChild(shape);
      svg.appendChild(link);
      paths[state.iso3] = {shape: shape, title: title, name: state.name};
    });
    container.appendChild(svg);
  }

  function colour(measure) {
    return measures()[measure]().then(function (result) {
      Object.keys(paths).forEach(function (iso3) {
        var entry = paths[iso3], fill = result.fills[iso3];
        entry.shape.setAttribute("fill", fill ? fill.colour : noData);
        entry.title.textContent = entry.name + ": " + (fill ? fill.text : labels.none);
      });
      var legend = document.getElementById("map-legend");
      legend.innerHTML = "";
      result.legend.concat([[noData, labels.none]]).forEach(function (item) {
        var li = document.createElement("li"), swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = item[0];
        li.appendChild(swatch);
        li.appendChild(document.createTextNode(item[1]));
        legend.appendChild(li);
      });
      container.dataset.measure = measure;
    });
  }

  var select = document.getElementById("map-measure");
  fetch(container.dataset.topology).then(function (r) { return r.json(); }).then(function (topology) {
    drawBase(topology);
    select.addEventListener("change", function () { colour(select.value).catch(console.error); });
    return colour(select.value);
  }).catch(console.error);
})();
