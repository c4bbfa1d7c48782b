(function () {
  "use strict";
  var D = window.ROUTEMAP_DATA;
  var DAY = 86400000;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }
  function safeUrl(u) {
    return (typeof u === "string" && /^https?:\/\/[^\s<>"']+$/i.test(u)) ? u : null;
  }
  function addRow(table, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var tr = el("tr"), td = el("td");
    tr.appendChild(el("th", null, label));
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
    tr.appendChild(td);
    table.appendChild(tr);
  }
  // a popup: a heading (and an optional node under it) over a table of [label, value] rows (empty values left out)
  function tablePopup(title, rows, under) {
    var box = el("div", "rm-popup"), t = el("table");
    box.appendChild(el("h3", null, title));
    if (under) { box.appendChild(under); }
    rows.forEach(function (r) { addRow(t, r[0], r[1]); });
    box.appendChild(t);
    return box;
  }
  function isoDay(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
  function control(id, position) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    var C = L.Control.extend({ onAdd: function () {
      L.DomEvent.disableClickPropagation(node);
      L.DomEvent.disableScrollPropagation(node);
      node.style.display = "";
      return node;
    } });
    return new C({position: position}).addTo(map);
  }
  function sourceList(ids) {
    if (!ids || !ids.length) { return null; }
    var ul = el("ul");
    ids.forEach(function (i) {
      var s = D.sources[i], li = el("li"), url = safeUrl(s.u);
      if (url) {
        var a = el("a", null, s.t);
        a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        li.appendChild(el("span", null, s.t));
      }
      var meta = [s.p, s.d].filter(function (x) { return x; }).join(", ");
      if (meta) { li.appendChild(document.createTextNode(" — " + meta)); }
      if (s.x || (s.u && !url)) { li.appendChild(el("span", "rm-note", " (not a web link, shown as text: " + (s.x || s.u) + ")")); }
      ul.appendChild(li);
    });
    return ul;
  }

  // ---- map and offline basemap
  // a very large case is drawn on one canvas (tens of thousands of SVG paths make Leaflet slow); a
  // smaller one keeps SVG paths, each leg carrying data-leg / data-shipment attributes
  var big = D.shipments.length > D.maxListed;
  var map = L.map("map", {zoomControl: false, attributionControl: false, worldCopyJump: false, minZoom: 1, preferCanvas: big});
  // set the view first: layers added to a map without a view wait for it and would all fire their
  // "add" events at once later, each rebuilding the layer control (quadratic in the number of shipments)
  map.fitBounds(D.bounds, {paddingTopLeft: [40, 110], paddingBottomRight: [190, 40], maxZoom: 8, animate: false});
  map.createPane("rm-basemap").style.zIndex = 150;
  map.createPane("rm-countrylabels").style.zIndex = 350;
  D.shifts.forEach(function (shift) {
    L.geoJSON(D.basemap, {
      pane: "rm-basemap", interactive: false,
      style: {color: D.colours.border, weight: 0.7, fillColor: D.colours.land, fillOpacity: 1, opacity: 1},
      coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + shift); }
    }).addTo(map);
  });
  var countryLabels = L.layerGroup(D.countries.map(function (c) {
    var icon = L.divIcon({className: "rm-country", html: esc(c[0]), iconSize: null});
    return L.marker([c[2], c[1]], {icon: icon, interactive: false, keyboard: false, pane: "rm-countrylabels"});
  })).addTo(map);
  var overlays = {};
  if (D.tiles) {
    var tl = L.tileLayer(D.tiles.url, {maxZoom: D.tiles.maxZoom, attribution: D.tiles.attribution}).addTo(map);
    overlays["Online tiles: " + esc(D.tiles.name)] = tl;
  }
  L.control.attribution({position: "bottomright", prefix: D.credits}).addTo(map);

  // ---- title block, zoom, measure tool (top left)
  control("rm-title", "topleft");
  L.control.zoom({position: "topleft"}).addTo(map);
  control("rm-measure", "topleft");

  // ---- shipments, one layer each; one path per leg with data-leg; arrows
  var legs = [];
  var groups = D.shipments.map(function () { return L.featureGroup(); });
  function legPopup(g) {
    var s = D.shipments[g.s], st = el("div");
    st.appendChild(el("span", "rm-status rm-status-" + s.status, s.status));
    st.appendChild(document.createTextNode(" · confidence " + s.confidence));
    var rows = [["Cargo", s.cargo], ["Quantity", s.quantity], ["Leg " + g.i + " of " + s.n, g.label], ["Via", g.via],
      ["Mode", g.mode], ["Departed", g.dep], ["Arrived", g.arr], ["Carrier", g.carrier], ["Length", g.len],
      ["Method", g.method], ["Passes", g.transit]];
    (g.speed || []).forEach(function (v) {
      var d = el("div");
      d.appendChild(document.createTextNode(v.computed + " "));
      d.appendChild(el("span", "rm-v rm-v-" + v.verdict.split(" ")[0], v.verdict));
      if (v.claimed) { d.appendChild(document.createTextNode(" (claimed: " + v.claimed + ")")); }
      if (v.detail) { d.appendChild(el("div", "rm-note", v.detail)); }
      rows.push(["Implied speed", d]);
    });
    (g.warn || []).forEach(function (w) { rows.push(["Warning", w]); });
    rows.push(["Notes", g.notes], ["Sources", sourceList(g.src)]);
    return tablePopup(s.title, rows, st);
  }
  D.legs.forEach(function (g) {
    var grp = L.layerGroup();
    var line = L.polyline(g.c, {color: g.colour, weight: 3, opacity: g.op, dashArray: g.dash || null, className: "rm-leg"});
    if (!big) {
      line.on("add", function () {
        var p = this.getElement();
        p.setAttribute("data-leg", g.k);
        p.setAttribute("data-shipment", D.shipments[g.s].id);
      });
    }
    line.bindPopup(function () { return legPopup(g); }, {maxWidth: 380});
    line.bindTooltip(function () { return el("span", null, D.shipments[g.s].title + ": " + g.label); }, {sticky: true});
    grp.addLayer(line);
    // arrows are DOM markers: a very large case leaves them out (the leg label in the popup gives the way)
    (big ? [] : g.a || []).forEach(function (a) {
      var svg = "<svg width=\"16\" height=\"16\" viewBox=\"0 0 16 16\"><path d=\"M3 2 L14 8 L3 14 L6 8 Z\" fill=\"" + g.colour +
        "\" fill-opacity=\"" + Math.max(g.op, 0.5) + "\" stroke=\"#fff\" stroke-width=\"1\" transform=\"rotate(" + a[2] + " 8 8)\"/></svg>";
      grp.addLayer(L.marker([a[0], a[1]], {icon: L.divIcon({className: "rm-arrow", html: svg, iconSize: [16, 16]}), interactive: false, keyboard: false}));
    });
    (g.x || []).forEach(function (x) {   // border crossings: [lat, lon, text]
      var cm = L.circleMarker([x[0], x[1]], {radius: 3, color: g.colour, weight: 2, fillColor: "#ffffff", fillOpacity: 1});
      cm.bindTooltip(function () { return el("span", null, x[2]); }, {direction: "top"});
      grp.addLayer(cm);
    });
    groups[g.s].addLayer(grp);
    legs.push({data: g, group: grp, line: line});
  });
  if (D.shipments.length <= D.maxListed) {
    groups.forEach(function (grp, i) {
      var s = D.shipments[i];
      grp.addTo(map);
      overlays["<span class=\"rm-swatch\" style=\"border-color:" + s.colour + "\"></span>" + esc(s.title)] = grp;
    });
  } else {
    // a very large case: one switch per status (each still holds one layer per shipment)
    var byStatus = {};
    groups.forEach(function (grp, i) {
      var st = D.shipments[i].status;
      if (!byStatus[st]) { byStatus[st] = L.layerGroup().addTo(map); byStatus[st].n = 0; }
      byStatus[st].addLayer(grp);
      byStatus[st].n += 1;
    });
    Object.keys(byStatus).sort().forEach(function (st) {
      overlays["Shipments " + esc(st) + " (" + byStatus[st].n + ")"] = byStatus[st];
    });
  }

  // ---- places, by kind, with uncertainty circles
  var places = L.featureGroup();
  D.places.forEach(function (p) {
    if (p.u && p.u >= 1) {
      places.addLayer(L.circle([p.la, p.lo], {radius: p.u * 1000, color: p.colour, weight: 1, dashArray: "3 4", fillOpacity: 0.07, interactive: false}));
    }
    var m = L.circleMarker([p.la, p.lo], {radius: 5, color: "#ffffff", weight: 1.5, fillColor: p.colour, fillOpacity: 1});
    m.bindPopup(function () {
      return tablePopup(p.n, [["Kind", p.k.replace(/_/g, " ")], ["Country", p.co], ["Position", p.pos],
        ["Uncertainty", p.u ? "± " + p.u + " km (circle)" : null], ["Coordinates from", p.src], ["Notes", p.no]]);
    });
    m.bindTooltip(function () { return el("span", null, p.n); },
      D.permanentLabels ? {permanent: true, direction: "right", offset: [6, 0], className: "rm-place-label"} : {direction: "top"});
    places.addLayer(m);
  });
  places.addTo(map);
  overlays["Places"] = places;
  overlays["Country labels"] = countryLabels;

  // ---- sightings: dated observations from the case file
  if (D.sightings && D.sightings.length) {
    var seen = L.featureGroup();
    D.sightings.forEach(function (x) {
      var colour = x.v === "inconsistent" ? "#c0392b" : (x.v === "consistent" ? "#1a7f37" : "#777777");
      var m = L.circleMarker([x.la, x.lo], {radius: 8, color: colour, weight: 3, fillColor: "#ffffff", fillOpacity: 0.9});
      m.bindPopup(function () {
        return tablePopup("Seen at " + x.n, [["Date", x.d], ["Kind", x.k], ["Shipment", x.s],
          ["Source", x.src !== null && x.src !== undefined ? D.sources[x.src].t : null], ["Notes", x.no],
          ["Check", x.v ? x.v + (x.vd ? ": " + x.vd : "") : null]]);
      });
      m.bindTooltip(function () { return el("span", null, "seen at " + x.n + " " + x.d); }, {direction: "top"});
      seen.addLayer(m);
    });
    seen.addTo(map);
    overlays["Sightings"] = seen;
  }

  // ---- observed AIS tracks (routemap map --tracks): lines, dark gaps dashed, events with times
  if (D.observed) {
    var obs = L.featureGroup();
    D.observed.lines.forEach(function (g) {
      var line = L.polyline(g.c, {color: "#6a3d9a", weight: 2, opacity: 0.85});
      line.bindTooltip(function () { return el("span", null, "observed: " + g.n); }, {sticky: true});
      obs.addLayer(line);
    });
    D.observed.gaps.forEach(function (g) {
      var line = L.polyline(g.c, {color: "#6a3d9a", weight: 2, opacity: 0.85, dashArray: "6 6"});
      line.bindTooltip(function () { return el("span", null, g.t); }, {sticky: true});
      obs.addLayer(line);
    });
    var evColour = {dark: "#333333", port_call: "#1f78b4", meeting: "#e31a1c", jump: "#ff7f00"};
    D.observed.events.forEach(function (e) {
      var m = L.circleMarker([e.la, e.lo], {radius: 5, color: "#ffffff", weight: 1, fillColor: evColour[e.k] || "#333333", fillOpacity: 1});
      m.bindPopup(function () {
        return tablePopup(e.k.replace(/_/g, " "), [["Vessel", e.who], ["From", e.t0], ["To", e.t1], ["Place", e.pl],
          ["Basis", e.b]]);
      });
      m.bindTooltip(function () { return el("span", null, e.k.replace(/_/g, " ") + " " + e.t0); }, {direction: "top"});
      obs.addLayer(m);
    });
    obs.addTo(map);
    overlays["Observed tracks (" + esc(D.observed.file) + ")"] = obs;
  }

  // ---- claims: measured lines + panel
  var claimLines = L.featureGroup();
  var claimByIndex = {};
  D.verdicts.forEach(function (v, i) {
    if (!v.c || v.c.length < 2) { return; }
    var line = L.polyline(v.c, {color: D.colours.claim, weight: D.claimStyle.width, dashArray: D.claimStyle.dash, lineCap: "round", opacity: D.claimStyle.op});
    line.bindPopup(function () {
      return tablePopup("Claim " + v.id, [["Kind", v.kind], ["Claimed", v.claimed], ["Computed", v.computed],
        ["Verdict", v.verdict], ["Difference", v.detail], ["Method", v.method]]);
    });
    if (!big) { line.on("add", function () { this.getElement().setAttribute("data-claim", v.id); }); }
    claimLines.addLayer(line);
    claimByIndex[i] = line;
  });
  if (D.verdicts.length) {
    claimLines.addTo(map);
    overlays["Measured lines (claims)"] = claimLines;
  }
  L.control.layers(null, overlays, {collapsed: D.shipments.length > 12, position: "topright"}).addTo(map);
  Array.prototype.forEach.call(document.querySelectorAll("#rm-claims tr[data-i]"), function (tr) {
    var line = claimByIndex[tr.getAttribute("data-i")];
    if (!line) { return; }
    tr.className = "rm-has-line";
    tr.addEventListener("click", function () {
      if (!map.hasLayer(claimLines)) { claimLines.addTo(map); }
      map.fitBounds(line.getBounds(), {padding: [40, 40]});
      line.openPopup();
    });
  });

  // ---- legend, scale, time slider
  control("rm-legend", "bottomright");
  L.control.scale({position: "bottomleft", metric: true, imperial: false, maxWidth: 160}).addTo(map);
  control("rm-time", "bottomleft");
  var timeBox = document.getElementById("rm-time");
  if (timeBox && D.time) {
    var on = timeBox.querySelector("input[type=checkbox]");
    var range = timeBox.querySelector("input[type=range]");
    var out = timeBox.querySelector(".rm-date");
    var info = timeBox.querySelector(".rm-note");
    var apply = function () {
      var day = parseInt(range.value, 10), end = day + 1, shown = 0, moving = 0, hidden = 0;
      out.textContent = isoDay(day);
      range.disabled = !on.checked;
      legs.forEach(function (L2) {
        var g = L2.data, grpOf = groups[g.s];
        var visible = true, transit = false;
        if (on.checked) {
          if (g.t0 === null) { visible = false; }
          else { visible = g.t0 < end; transit = visible && (g.t1 === null || g.t1 > end); }
        }
        if (visible && !grpOf.hasLayer(L2.group)) { grpOf.addLayer(L2.group); }
        if (!visible && grpOf.hasLayer(L2.group)) { grpOf.removeLayer(L2.group); }
        L2.line.setStyle({opacity: transit ? g.op * 0.45 : g.op});
        if (visible) { shown += 1; if (transit) { moving += 1; } } else { hidden += 1; }
      });
      info.textContent = on.checked
        ? shown + " legs had started by the end of this day (" + moving + " possibly still under way, drawn faded); " + hidden + " not yet started or undated."
        : "All " + legs.length + " legs shown. Tick the box to show what had moved by a date.";
    };
    on.addEventListener("change", apply);
    range.addEventListener("input", function () { if (on.checked) { apply(); } else { out.textContent = isoDay(parseInt(range.value, 10)); } });
    apply();
  }

  control("rm-claims", "bottomleft");

  // ---- measure tool: click points; great-circle distance on a sphere (approximate)
  var R = 6371.0088;  // mean Earth radius, km (IUGG)
  function toRad(d) { return d * Math.PI / 180; }
  function gcKm(a, b) {
    var p1 = toRad(a.lat), p2 = toRad(b.lat), dp = p2 - p1, dl = toRad(b.lng - a.lng);
    var h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function gcPoints(a, b, n) {
    var p1 = toRad(a.lat), l1 = toRad(a.lng), p2 = toRad(b.lat), l2 = toRad(a.lng + (((b.lng - a.lng) % 360) + 540) % 360 - 180);
    var v1 = [Math.cos(p1) * Math.cos(l1), Math.cos(p1) * Math.sin(l1), Math.sin(p1)];
    var v2 = [Math.cos(p2) * Math.cos(l2), Math.cos(p2) * Math.sin(l2), Math.sin(p2)];
    var d = Math.acos(Math.max(-1, Math.min(1, v1[0] * v2[0] + v1[1] * v2[1] + v1[2] * v2[2])));
    var pts = [], prev = a.lng;
    for (var i = 0; i <= n; i++) {
      var f = i / n, s1 = d ? Math.sin((1 - f) * d) / Math.sin(d) : 1 - f, s2 = d ? Math.sin(f * d) / Math.sin(d) : f;
      var x = s1 * v1[0] + s2 * v2[0], y = s1 * v1[1] + s2 * v2[1], z = s1 * v1[2] + s2 * v2[2];
      var lat = Math.atan2(z, Math.sqrt(x * x + y * y)) * 180 / Math.PI, lng = Math.atan2(y, x) * 180 / Math.PI;
      lng = prev + ((((lng - prev) % 360) + 540) % 360 - 180);
      prev = lng;
      pts.push([lat, lng]);
    }
    return pts;
  }
  var mBox = document.getElementById("rm-measure");
  var mBtn = mBox.querySelector("button.rm-toggle"), mClear = mBox.querySelector("button.rm-clear"), mOut = mBox.querySelector(".rm-out");
  var measuring = false, mPts = [], mLayer = L.featureGroup().addTo(map);
  function mRedraw() {
    mLayer.clearLayers();
    var total = 0;
    mPts.forEach(function (p, i) {
      mLayer.addLayer(L.circleMarker(p, {radius: 4, color: "#111", weight: 2, fillColor: "#ffd400", fillOpacity: 1, interactive: false}));
      if (i) {
        total += gcKm(mPts[i - 1], p);
        mLayer.addLayer(L.polyline(gcPoints(mPts[i - 1], p, 48), {color: "#111", weight: 2, dashArray: "6 4", interactive: false}));
      }
    });
    mOut.textContent = mPts.length < 2
      ? (measuring ? "Click on the map to add points." : "")
      : "≈ " + Math.round(total).toLocaleString("en-US") + " km (" + Math.round(total / 1.852).toLocaleString("en-US") + " nmi) over " + (mPts.length - 1) + " segment" + (mPts.length > 2 ? "s" : "");
  }
  mBtn.addEventListener("click", function () {
    measuring = !measuring;
    mBtn.textContent = measuring ? "Stop measuring" : "Measure distance";
    L.DomUtil[measuring || mPts.length > 1 ? "addClass" : "removeClass"](mBox, "rm-active");
    L.DomUtil[measuring ? "addClass" : "removeClass"](map.getContainer(), "rm-measuring");
    mRedraw();
  });
  mClear.addEventListener("click", function () { mPts = []; mRedraw(); });
  map.on("click", function (e) {
    if (!measuring) { return; }
    map.closePopup();
    mPts.push(e.latlng);
    mRedraw();
  });
  map.on("popupopen", function () { if (measuring) { map.closePopup(); } });

  // ---- fit the case between the panels: pad each side by the width of the panel column on it
  function fitData() {
    var size = map.getSize(), side = function (sel) {
      var w = 0;
      Array.prototype.forEach.call(document.querySelectorAll(sel + " .leaflet-control"), function (c) {
        if (c.offsetWidth && !c.classList.contains("leaflet-control-scale") && !c.classList.contains("leaflet-control-attribution")) {
          w = Math.max(w, c.offsetWidth + 20);
        }
      });
      return w;
    };
    var left = Math.max(side(".leaflet-left"), 40), right = Math.max(side(".leaflet-right"), 40);
    var room = size.x - left - right;
    if (room < size.x * 0.3) {              // a narrow window: shrink both paddings alike
      var k = (size.x * 0.7) / (left + right);
      left *= k; right *= k;
    }
    map.fitBounds(D.bounds, {paddingTopLeft: [left, 30], paddingBottomRight: [right, 30], maxZoom: 8, animate: false});
  }
  fitData();
  // the case is drawn in one continuous longitude range around D.centre (across ±180 when it spans the
  // Pacific); a view panned or set to another copy of the world jumps to the copy where the case is
  map.on("moveend", function () {
    var c = map.getCenter(), k = Math.round((c.lng - D.centre) / 360);
    if (k !== 0) { map.setView([c.lat, c.lng - 360 * k], map.getZoom(), {animate: false}); }
  });

  // ---- done
  window.routemap = {map: map, legs: legs, places: places, claims: claimLines, measure: {km: gcKm}, fit: fitData,
                    sightings: seen || null, observed: obs || null};
  window.routemapRenderedMs = Math.round(performance.now());   // load-to-rendered time, read by the benchmark
  document.body.setAttribute("data-rendered", String(legs.length));
})();
