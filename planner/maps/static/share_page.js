/* The shared HTML map's own script (export --html; share.py inlines it after the data): the
 * reps' layers, legend and tooltips, and every customer drawn by one canvas layer. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tp-data").textContent);
  var L_ = data.labels;
  var map = L.map("map", { preferCanvas: true });
  var renderer = L.canvas({ padding: 0.5 });
  var osm = L.tileLayer(data.tiles.osm[0], { maxZoom: 19, attribution: data.tiles.osm[1] });
  var gsi = L.tileLayer(data.tiles.gsi[0], { maxZoom: 18, attribution: data.tiles.gsi[1] });
  osm.addTo(map);
  /* The window's offline outline of Japan (embedded: no network) in a pane under the tiles:
   * online they cover it, offline it is the map. Its coast runs in segments of about 5 km,
   * so from zoom OUTLINE_NEAR (a few wards) it gives way to a plain background, as there. */
  var OUTLINE_NEAR = 11;
  if (data.outline) {
    map.createPane("tpOutline").style.zIndex = 150;  // the tiles' pane is 200
    L.geoJSON(data.outline, {
      pane: "tpOutline", interactive: false, renderer: L.svg({ pane: "tpOutline" }),
      style: { color: "#8d8d8d", weight: 1, fillColor: "#f6f3ea", fillOpacity: 1,
               className: "tp-outline" }
    }).addTo(map);
    map.on("zoomend viewreset", function () {
      map.getContainer().classList.toggle("tp-outline-near", map.getZoom() >= OUTLINE_NEAR);
    });
  }
  var cs = data.customers;
  var terrs = data.territories;
  /* The popup's and tooltip's lines of a customer (share_tip.js). */
  var words = window.tpShareTip(data);
  var line = words.line, count = words.count, tip = words.tip, approx = words.approx;
  var groups = terrs.map(function () { return L.layerGroup(); });
  var loose = L.layerGroup();
  terrs.forEach(function (t, k) {
    if (t.boundary) {
      L.geoJSON(t.boundary, { renderer: renderer, interactive: false,
        style: { color: t.color, weight: 2, fillOpacity: 0.06, dashArray: t.drawn ? null : "6 4" }
      }).addTo(groups[k]);
    }
  });
  /* Every customer drawn by one canvas layer: a marker object each (Leaflet's own) took a
   * second a zoom step at 100,000. Positions are projected once (Web Mercator, zoom 0); a
   * redraw only scales them and writes each one's circle straight into the picture's
   * pixels. The customer under the pointer is the nearest drawn within its circle. */
  var n = cs.lat.length;
  var mercX = new Float64Array(n), mercY = new Float64Array(n);
  for (var i = 0; i < n; i++) {
    mercX[i] = cs.lon[i] / 360 + 0.5;
    mercY[i] = 0.5 - Math.log(Math.tan(Math.PI / 4 + cs.lat[i] * Math.PI / 360)) / (2 * Math.PI);
  }
  var shown = terrs.map(function () { return true; });  // a rep's layer switched off: hidden
  var looseShown = true;
  var only = null;  // a rep's day shown (share_day.js): 1 for the customers drawn, else none
  var fill = function (i) { var t = cs.t[i]; return t >= 0 ? terrs[t].color : "#777777"; };
  var Points = L.Layer.extend({
    onAdd: function (m) {
      this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-animated");
      var pane = m.getPane("tpPoints") || m.createPane("tpPoints");
      pane.style.zIndex = 390;  // under the boundaries and the reps' homes
      pane.style.pointerEvents = "none";
      pane.appendChild(this._canvas);
      m.on("moveend viewreset resize", this.redraw, this);
      m.on("zoomanim", this._animate, this);
      this.redraw();
    },
    onRemove: function (m) {
      L.DomUtil.remove(this._canvas);
      m.off("moveend viewreset resize", this.redraw, this);
      m.off("zoomanim", this._animate, this);
    },
    _animate: function (e) {  // as Leaflet's own renderers do, for the padded picture
      var scale = map.getZoomScale(e.zoom, this._zoom);
      var half = map.getSize().multiplyBy(0.5).add(this._pad);
      var offset = half.multiplyBy(-scale).add(map.project(this._center, e.zoom))
        .subtract(map._getNewPixelOrigin(e.center, e.zoom));
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },
    redraw: function () {
      if (!this._map) { return; }  // not on the map yet: drawn when it is added
      // the picture reaches beyond the window (as the boundaries' does), so a drag or an
      // animated zoom shows customers in what comes into view before the redraw
      var view = map.getSize(), pad = view.multiplyBy(PAD).round();
      var size = view.add(pad.multiplyBy(2));
      var corner = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(this._canvas, corner.subtract(pad));
      this._pad = pad; this._center = map.getCenter(); this._zoom = map.getZoom();
      var scale = 256 * Math.pow(2, map.getZoom());
      var origin = map.getPixelOrigin().add(corner);  // container point (0, 0) in pixels
      if (!this._x) {
        this._x = new Float32Array(n); this._y = new Float32Array(n); this._in = new Int32Array(n);
      }
      var xs = this._x, ys = this._y, inside = this._in, count = 0;
      var left = -pad.x - 5, top = -pad.y - 5, right = size.x - pad.x + 5;
      var bottom = size.y - pad.y + 5;
      for (var i = 0; i < n; i++) {
        var t = cs.t[i];
        if ((t >= 0 ? !shown[t] : !looseShown) || (only && !only[i])) { xs[i] = NaN; continue; }
        var x = mercX[i] * scale - origin.x, y = mercY[i] * scale - origin.y;
        xs[i] = x; ys[i] = y;  // in the window's coordinates, for the pointer
        if (x > left && y > top && x < right && y < bottom) { inside[count++] = i; }
      }
      var ratio = (this.ratio = pictureRatio(count)), c = this._canvas;
      c.width = Math.round(size.x * ratio); c.height = Math.round(size.y * ratio);
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      var ctx = c.getContext("2d"), w = c.width, h = c.height, img = ctx.createImageData(w, h);
      var buf = new Uint32Array(img.data.buffer), dot = stamp(ratio), colours = {};
      var r = dot.r, body = dot.offsets(w, false), rim = dot.offsets(w, true);
      for (var j = 0; j < count; j++) {
        i = inside[j];
        var px = Math.round((xs[i] + pad.x) * ratio), py = Math.round((ys[i] + pad.y) * ratio);
        var colour = fill(i), k;
        var rgba = colours[colour] || (colours[colour] = packed(colour));
        if (px >= r && py >= r && px < w - r && py < h - r) {  // whole: no pixel to clip
          var at = py * w + px;
          for (k = 0; k < body.length; k++) { buf[at + body[k]] = rgba; }
          for (k = 0; k < rim.length; k++) { buf[at + rim[k]] = OUTLINE; }
          continue;
        }
        for (k = 0; k < dot.dx.length; k++) {  // at the picture's edge, pixel by pixel
          var xx = px + dot.dx[k], yy = py + dot.dy[k];
          if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
            buf[yy * w + xx] = dot.edge[k] ? OUTLINE : rgba;
          }
        }
      }
      ctx.putImageData(img, 0, 0);
      // approximate positions: a dashed dark ring around the circle, as the window's map draws
      ctx.setLineDash([2.5 * ratio, 2 * ratio]);
      ctx.lineWidth = 1.5 * ratio;
      ctx.strokeStyle = "#111111";
      ctx.beginPath();
      for (j = 0; j < count; j++) {
        i = inside[j];
        if (!approx[i]) { continue; }
        var cx = (xs[i] + pad.x) * ratio, cy = (ys[i] + pad.y) * ratio, rr = RING * ratio;
        ctx.moveTo(cx + rr, cy); ctx.arc(cx, cy, rr, 0, 2 * Math.PI);
      }
      ctx.stroke();
      ctx.setLineDash([]);
    },
    /* The customer drawn nearest a container point, within its circle; -1 for none. */
    at: function (p) {
      var best = -1, far = 36, xs = this._x, ys = this._y;
      for (var i = 0; xs && i < n; i++) {
        var dx = xs[i] - p.x, dy = ys[i] - p.y;
        if (dx * dx + dy * dy <= far) { far = dx * dx + dy * dy; best = i; }
      }
      return best;
    }
  });
  var OUTLINE = packed("#333333");
  var RING = 7.5;  // the approximate positions' ring's radius: 3 pixels outside the circle
  var PAD = 0.3;  // of the window's size, drawn beyond each side
  /* ``#rrggbb`` as one opaque pixel of the canvas's memory (little-endian RGBA). */
  function packed(colour) {
    var r = parseInt(colour.slice(1, 3), 16), g = parseInt(colour.slice(3, 5), 16);
    var b = parseInt(colour.slice(5, 7), 16);
    return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  }
  /* The picture's pixels per CSS pixel: the screen's (2 on most laptops, Windows at 200 %),
   * lower as more customers are in it, down to 1 from BUDGET of them. Each circle costs its
   * pixels, four times as many at 2: 100,000 customers at 2 took 3.5 times as long a zoom step
   * as at 1 (164 ms against 46 ms of drawing). Circles 9 pixels across look the same either
   * way; the CSS size stays, so sizes and positions on screen do not change, only sharpness. */
  var BUDGET = 40000;  // customers drawn at 1; at a ratio r, BUDGET / r² of them
  function pictureRatio(count) {
    var screen = window.devicePixelRatio || 1;
    if (screen <= 1) { return screen; }
    var fits = Math.floor(4 * Math.sqrt(BUDGET / Math.max(count, 1))) / 4;  // steps of 1/4
    return Math.max(1, Math.min(screen, fits));
  }
  var stamps = {};
  /* The pixels of a circle of radius 4 (screen pixels) with a one-pixel outline, at a ratio;
   * ``offsets(width, rim)``: its body's or outline's pixels as steps in a picture that wide. */
  function stamp(ratio) {
    if (stamps[ratio]) { return stamps[ratio]; }
    var r = Math.ceil(4.5 * ratio), dx = [], dy = [], edge = [];
    for (var y = -r; y <= r; y++) {
      for (var x = -r; x <= r; x++) {
        var d = Math.sqrt(x * x + y * y);
        if (d <= 4.5 * ratio) { dx.push(x); dy.push(y); edge.push(d > 3.5 * ratio); }
      }
    }
    var last = { width: -1 };
    var offsets = function (width, rim) {  // (kept for the last width only)
      if (last.width !== width) {
        var step = function (k) { return dy[k] * width + dx[k]; };
        var ks = dx.map(function (_x, k) { return k; });
        last = { width: width,
                 body: Int32Array.from(ks.filter(function (k) { return !edge[k]; }), step),
                 rim: Int32Array.from(ks.filter(function (k) { return edge[k]; }), step) };
      }
      return rim ? last.rim : last.body;
    };
    return (stamps[ratio] = { r: r, dx: dx, dy: dy, edge: edge, offsets: offsets });
  }
  var points = new Points();
  var hover = L.tooltip({ direction: "top", offset: [0, -4] });
  var showTip = function (i) {
    hover.setLatLng([cs.lat[i], cs.lon[i]]).setContent(tip(i));
    if (!map.hasLayer(hover)) { hover.addTo(map); }
  };
  function overHome(p) {  // a rep's home is drawn over the customers: its own tooltip
    return terrs.some(function (t, k) {
      return t.home && shown[k] && map.latLngToContainerPoint(t.home).distanceTo(p) <= 11;
    });
  }
  map.on("mousemove", function (e) {
    var target = e.originalEvent && e.originalEvent.target;
    var onControl = target && target.closest && target.closest(".leaflet-control");
    var i = onControl || overHome(e.containerPoint) ? -1 : points.at(e.containerPoint);
    // off the customers: the territory there, by name and rep (far out a small one's name
    // may have given way to its neighbours', as on the window's map)
    var at = e.latlng || map.containerPointToLatLng(e.containerPoint);
    var k = i < 0 && !onControl && !overHome(e.containerPoint) ? areaAt(at) : -1;
    if (i >= 0) { showTip(i); } else if (k >= 0) { showArea(k, at); }
    else if (map.hasLayer(hover)) { map.removeLayer(hover); }
  });
  /* A tap (or click) on a customer: its tooltip's lines in a popup that stays, with a link
   * starting Google Maps' directions to it (「ここへのナビ（Googleマップ）」, a new tab; the
   * page never loads it). Without data.nav (export --no-nav-links) no link. */
  var popup = L.popup({ offset: [0, -4], autoPanPadding: [16, 16] });
  function showPopup(i) {
    var div = tip(i);
    if (data.nav) {
      var a = document.createElement("a");
      a.className = "tp-nav";
      a.href = data.nav.url.replace("{lat}", cs.lat[i].toFixed(6))
        .replace("{lon}", cs.lon[i].toFixed(6));
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = data.nav.text;
      div.appendChild(a);
    }
    if (map.hasLayer(hover)) { map.removeLayer(hover); }
    popup.setLatLng([cs.lat[i], cs.lon[i]]).setContent(div).openOn(map);
    return div;
  }
  map.on("click", function (e) {
    var target = e.originalEvent && e.originalEvent.target;
    if (target && target.closest && target.closest(".leaflet-control")) { return; }
    var i = overHome(e.containerPoint) ? -1 : points.at(e.containerPoint);
    if (i >= 0) { showPopup(i); }
  });
  function areaAt(latlng) {  // the territory shown whose boundary holds ``latlng``, else -1
    for (var k = 0; k < terrs.length; k++) {
      if (shown[k] && terrs[k].boundary &&
          window.tpInside(terrs[k].boundary, latlng.lng, latlng.lat)) { return k; }
    }
    return -1;
  }
  function showArea(k, latlng) {
    var div = document.createElement("div");
    line(div, "b", terrs[k].label);  // 東京エリア（鈴木 一郎）
    hover.setLatLng(latlng).setContent(div);
    if (!map.hasLayer(hover)) { hover.addTo(map); }
  }
  map.on("overlayadd overlayremove", function (e) {  // a rep's layer: their customers too
    var k = groups.indexOf(e.layer), on = e.type === "overlayadd";
    if (k >= 0) { shown[k] = on; } else if (e.layer === loose) { looseShown = on; } else { return; }
    points.redraw();
  });
  terrs.forEach(function (t, k) {
    if (t.home) {
      L.circleMarker(t.home, { renderer: renderer, radius: 8, weight: 3, color: "#000000",
        fillColor: t.color, fillOpacity: 1 }).bindTooltip(function () {
          var div = document.createElement("div");
          line(div, "b", L_.home + ": " + (t.rep || t.name));
          return div;
        }).addTo(groups[k]);
    }
  });
  /* Each territory's name on the map, inside its territory in view (tp_label_place.js, as the
   * window's map places them), in its rep's layer: hidden with it. */
  var names = [];
  terrs.forEach(function (t, k) {
    if (!t.boundary || !t.at) { return; }
    var el = document.createElement("div");
    el.className = "tp-label";
    el.textContent = t.name;
    el.style.setProperty("--tp-color", t.color);
    var marker = L.marker(t.at, { icon: L.divIcon({ className: "tp-icon", html: el, iconSize: null }),
      interactive: false, keyboard: false }).addTo(groups[k]);
    names.push({ marker: marker, geometry: t.boundary, usual: t.at, rank: t.customers, k: k,
      owner: k });
  });
  function placeNames() {
    var on = names.filter(function (n) { return shown[n.k] && n.marker.getElement(); });
    on.forEach(function (n) { n.label = n.marker.getElement().firstChild; });
    var homes = [];
    terrs.forEach(function (t, k) {  // drawn on the canvas: their circles' boxes
      if (!t.home || !shown[k]) { return; }
      var p = map.latLngToContainerPoint(t.home);
      homes.push({ left: p.x - 10, right: p.x + 10, top: p.y - 10, bottom: p.y + 10, owner: k });
    });
    window.tpPlaceNames(map, on, homes);
  }
  map.on("moveend resize overlayadd overlayremove", placeNames);
  if (document.fonts && document.fonts.addEventListener) {  // measured again in their font
    document.fonts.addEventListener("loadingdone", function () {
      names.forEach(function (n) { n.marker.tpSize = null; });
      placeNames();
    });
  }
  var overlays = {};
  terrs.forEach(function (t, k) {
    var span = document.createElement("span");
    span.textContent = t.label;  // 東京エリア（鈴木 一郎）, as the legend and the popups say
    overlays[span.outerHTML] = groups[k];  // Leaflet shows names as HTML: escaped here
    groups[k].addTo(map);
  });
  if (cs.t.indexOf(-1) >= 0) {
    var none = document.createElement("span");
    none.textContent = L_.unassigned;
    overlays[none.outerHTML] = loose;
    loose.addTo(map);
  }
  var base = {};
  base[data.labels.osm] = osm;
  base[data.labels.gsi] = gsi;
  // on a phone the controls start folded: open, the reps' list and the legend hid the map and
  // the point colour box (a tap on the layer button or the legend's title opens them)
  var narrow = window.innerWidth < 600;
  L.control.layers(base, overlays, { collapsed: narrow || terrs.length > 12 }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  /* Opened without internet (a rep's PC on the road), every tile fails and the map is blank
   * grey: a small notice above the scale says the background cannot load and that the
   * customers and territories are all there; it goes as soon as a tile loads (the other base
   * map chosen, the connection back). Once a base map has drawn tiles, a later failure (one
   * tile in a tunnel) says nothing. */
  var FAIL_LIMIT = 4;  // tiles failed, none loaded, before the notice (as the window's map)
  var offline = L.control({ position: "bottomleft" });
  offline.onAdd = function () {
    var box = L.DomUtil.create("div", "tp-offline");
    box.setAttribute("role", "status");
    box.textContent = L_.offline;
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  /* On a phone the notice goes up clear of the open day legend or reps' list it met. */
  function liftNotice() {
    if (!offline._map) { return; }
    var box = offline.getContainer(), lift = 0, a = (box.style.marginBottom = "",
                                                      box.getBoundingClientRect());
    map.getContainer().querySelectorAll(".leaflet-bottom.leaflet-right .leaflet-control")
      .forEach(function (c) {
        var r = c.getBoundingClientRect();
        if (r.left < a.right && a.left < r.right && r.top < a.bottom && a.top < r.bottom) {
          lift = Math.max(lift, a.bottom - r.top + 6);
        }
      });
    if (lift) { box.style.marginBottom = (10 + lift) + "px"; }  // (Leaflet's own margin: 10px)
  }
  map.on("resize", liftNotice);
  [osm, gsi].forEach(function (layer) {
    var s = { failed: 0, loaded: 0 };
    layer.on("tileload", function () {
      s.loaded++;
      if (offline._map) { offline.remove(); }
    });
    layer.on("tileerror", function () {
      s.failed++;
      if (s.loaded === 0 && s.failed >= FAIL_LIMIT && map.hasLayer(layer) && !offline._map) {
        offline.addTo(map);
        liftNotice();
      }
    });
  });
  window.tpLeafletWords(map, L_);  // "Zoom in", "Layers" … in the page's language
  /* A box whose title folds its ``rows`` away and back (▾ open, ▸ folded); ``then``: after
     each tap (the offline notice moved clear of it). */
  function foldable(head, rows, title, open, then) {
    var fold = function (on) {
      rows.style.display = on ? "" : "none";
      head.textContent = title + (on ? " ▾" : " ▸");
    };
    head.style.cursor = "pointer";
    head.title = L_.fold;
    L.DomEvent.on(head, "click", function () {
      fold(rows.style.display === "none");
      if (then) { then(); }
    });
    fold(open);
  }
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "tp-legend");
    var head = line(div, "h4", L_.legend);
    var rows = L.DomUtil.create("div", "tp-legend-rows", div);
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    // a click folds the list away (60 reps cover the map); folded on a phone
    foldable(head, rows, L_.legend, !(narrow || terrs.length > 20), liftNotice);
    terrs.forEach(function (t) {
      var row = document.createElement("div");
      var sw = document.createElement("span");
      sw.className = "tp-swatch";
      sw.style.background = t.color;
      row.appendChild(sw);
      row.appendChild(document.createTextNode(t.legend));  // 東京エリア（鈴木 一郎）216件
      if (t.areas) { row.title = L_.areas + ": " + t.areas; }  // 担当エリア on hover, as text
      rows.appendChild(row);
    });
    if (data.unlocated) { line(rows, "div", L_.unlocated); }  // its count is in the words
    return div;
  };
  legend.addTo(map);
  if (cs.dg) {  // with a calendar: colour by visit day, the rep's view of the week
    var dayLegend = L.control({ position: "bottomright" });
    var dayBox = null;
    dayLegend.onAdd = function () {
      dayBox = L.DomUtil.create("div", "tp-legend");
      line(dayBox, "h4", L_.visit_day);
      var counts = {};
      cs.dg.forEach(function (g) { counts[g] = (counts[g] || 0) + 1; });
      var names = L_.days.concat([L_.several]);
      names.forEach(function (name, g) {
        if (!counts[g]) { return; }
        var row = document.createElement("div");
        var sw = document.createElement("span");
        sw.className = "tp-swatch";
        sw.style.background = data.day_colors[g];
        row.appendChild(sw);
        row.appendChild(document.createTextNode(name + " " + count(counts[g])));
        dayBox.appendChild(row);
      });
      if (counts[-1]) { line(dayBox, "div", L_.no_visits + " " + count(counts[-1])); }
      return dayBox;
    };
    var colourBy = function (byDay) {
      fill = byDay ? function (i) { var g = cs.dg[i]; return g >= 0 ? data.day_colors[g] : "#9e9e9e"; }
                   : function (i) { var t = cs.t[i]; return t >= 0 ? terrs[t].color : "#777777"; };
      points.redraw();
      if (byDay) { map.removeControl(legend); dayLegend.addTo(map); }
      else { map.removeControl(dayLegend); legend.addTo(map); }
      liftNotice();
      window.TP_SHARE.colourBy = byDay ? "day" : "territory";
    };
    var chooser = L.control({ position: "topleft" });
    chooser.onAdd = function () {
      var box = L.DomUtil.create("div", "tp-legend tp-chooser");
      L.DomEvent.disableClickPropagation(box);
      var head = line(box, "h4", L_.colour);
      var rows = L.DomUtil.create("div", "tp-chooser-rows", box);
      foldable(head, rows, L_.colour, !narrow);  // folded on a phone, as the legend
      [[false, L_.by_territory], [true, L_.by_day]].forEach(function (choice) {
        var label = document.createElement("label");
        label.style.display = "block";
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "tp-colour";
        input.checked = !choice[0];
        input.addEventListener("change", function () { colourBy(choice[0]); });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + choice[1]));
        rows.appendChild(label);
      });
      return box;
    };
    chooser.addTo(map);
  }
  var pts = [];
  for (var j = 0; j < cs.lat.length; j++) { pts.push([cs.lat[j], cs.lon[j]]); }
  terrs.forEach(function (t) { if (t.home) { pts.push(t.home); } });
  var fitAll = function () {  // the first view: every customer and home (again: share_day.js)
    if (pts.length) { map.fitBounds(L.latLngBounds(pts), { padding: [20, 20], animate: false }); }
    else { map.setView([35.68, 139.76], 10); }
  };
  fitAll();
  points.addTo(map);
  placeNames();  // the names went on the map after the first view's moveend
  window.TP_SHARE = { map: map, data: data, fitAll: fitAll, colourBy: "territory", narrow: narrow,
                      bases: { osm: osm, gsi: gsi }, outlineNear: OUTLINE_NEAR,
                      offline: function () {
                        return !!offline._map; },
                      byDay: typeof colourBy === "function" ? colourBy : null,
                      points: { count: n, showTip: showTip, showPopup: showPopup, ratio: function () {
                        return points.ratio; }, at: function (x, y) {
                        return points.at(L.point(x, y)); },
                        fill: function (i) { return fill(i); },
                        only: function (mask) { only = mask; points.redraw(); } },
                      names: names.map(function (n) { return n.marker; }) };
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { window.TP_SHARE.drawn = true; });
  });
})();
