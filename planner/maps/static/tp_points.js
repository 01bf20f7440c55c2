/* The customer layer: every customer on ONE canvas from typed arrays, a grid index for
 * hover/click hit tests, and the hover tooltip (text only, via textContent). */
(function () {
  "use strict";
  var TP = window.TP;
  var UNASSIGNED = "#9e9e9e";
  var FLAG_LOCKED = 1;
  var FLAG_UNLOCATED = 2;
  var FLAG_APPROXIMATE = 4;  // placed at the customers of its 丁目, town or municipality
  var CELL = 16;
  var TOOLTIP_FIELDS = ["closed", "visit", "week", "hours"];

  var P = (TP.points = {
    n: 0, ids: [], names: [], address: [], rank: [], frequency: [],
    lat: null, lon: null, wx: null, wy: null, terr: null, flags: null, weight: null,
    selected: null, colors: [], sizeBy: "none", colorBy: "territory", visible: true,
    sx: null, sy: null, grid: null, radius: 3, pixelRatio: 1
  });

  function mercator(lat, lon, out, i) {
    if (lat === null || lon === null) { out[0][i] = NaN; out[1][i] = NaN; return; }
    var s = Math.sin(lat * Math.PI / 180);
    out[0][i] = (lon + 180) / 360 * 256;
    out[1][i] = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
  }

  P.setData = function (d) {
    var n = d.n;
    P.hideTooltip();  // its texts are the old data's (the next mouse move shows the new)
    P.n = n; P.ids = d.ids; P.names = d.names; P.address = d.address;
    P.rank = d.rank; P.closed = d.closed || null; P.visit = d.visit || null;
    P.week = d.week || null; P.hours = d.hours || null;
    P.frequency = Array.from(d.freq100, function (f) { return f < 0 ? null : f / 100; });
    P.freqWords = d.freq_words || {};  // the tooltip's words by freq100 (隔週, 6週に1回)
    P.lat = new Float64Array(n); P.lon = new Float64Array(n);
    P.wx = new Float64Array(n); P.wy = new Float64Array(n);
    P.terr = Int32Array.from(d.terr); P.flags = Uint8Array.from(d.flags);
    P.weight = new Float32Array(n);
    P.selected = new Uint8Array(n);
    P.sx = new Float32Array(n); P.sy = new Float32Array(n);
    var out = [P.wx, P.wy];
    for (var i = 0; i < n; i++) {
      P.weight[i] = d.weight1000[i] / 1000;
      var unlocated = P.flags[i] & FLAG_UNLOCATED;
      var la = unlocated ? null : d.lat6[i] / 1e6, lo = unlocated ? null : d.lon6[i] / 1e6;
      P.lat[i] = la === null ? NaN : la; P.lon[i] = lo === null ? NaN : lo;
      mercator(la, lo, out, i);
    }
    P.redraw();
  };

  /* Bounds of the located customers of a data document (before it is drawn). */
  P.boundsOf = function (d) {
    var b = L.latLngBounds([]);
    for (var i = 0; i < d.n; i++) {
      if (!(d.flags[i] & FLAG_UNLOCATED)) { b.extend([d.lat6[i] / 1e6, d.lon6[i] / 1e6]); }
    }
    return b;
  };

  P.recolor = function (msg) {
    P.hideTooltip();
    if (msg.idx) {
      for (var k = 0; k < msg.idx.length; k++) {
        P.terr[msg.idx[k]] = msg.terr[k]; P.flags[msg.idx[k]] = msg.flags[k];
      }
    } else {
      P.terr = Int32Array.from(msg.terr); P.flags = Uint8Array.from(msg.flags);
    }
    P.redraw();
  };

  P.setSelection = function (idx) {
    P.selected = new Uint8Array(P.n);
    for (var k = 0; k < idx.length; k++) { P.selected[idx[k]] = 1; }
    P.redraw();
  };

  /* New values for the customers at ``d.idx`` (positions, texts, frequency, size, flags,
   * and the tooltip's closing and visit days, visit week and hours). */
  P.patch = function (d) {
    P.hideTooltip();
    var out = [P.wx, P.wy];
    for (var k = 0; k < d.idx.length; k++) {
      var i = d.idx[k];
      P.names[i] = d.names[k]; P.address[i] = d.address[k]; P.rank[i] = d.rank[k];
      P.frequency[i] = d.freq100[k] < 0 ? null : d.freq100[k] / 100;
      P.freqWords[d.freq100[k]] = (d.freq_words || {})[d.freq100[k]];
      P.weight[i] = d.weight1000[k] / 1000;
      P.flags[i] = d.flags[k];
      var unlocated = d.flags[k] & FLAG_UNLOCATED;
      var la = unlocated ? null : d.lat6[k] / 1e6, lo = unlocated ? null : d.lon6[k] / 1e6;
      P.lat[i] = la === null ? NaN : la; P.lon[i] = lo === null ? NaN : lo;
      mercator(la, lo, out, i);
    }
    TOOLTIP_FIELDS.forEach(function (key) {  // texts the tooltip shows when set
      var values = d[key];
      if (!values) { return; }
      if (!P[key]) {
        if (!values.some(function (v) { return v; })) { return; }
        P[key] = new Array(P.n).fill("");
      }
      for (var j = 0; j < d.idx.length; j++) { P[key][d.idx[j]] = values[j]; }
    });
    P.redraw();
  };

  P.color = function (t) { return t >= 0 && t < P.colors.length ? P.colors[t] : UNASSIGNED; };

  /* Colour by ``territory`` (the default), ``rank`` or ``weekday``: the colour group of each
   * customer (-1 = grey) and the colours of the groups. */
  P.RANKS = ["A", "B", "C"];
  P.RANK_COLORS = ["#d32f2f", "#f9a825", "#1976d2"];
  P.days = null;  // visit-day group per customer (weekday index, 7 = several, -1 = none)
  P.setDays = function (days) { P.days = Int8Array.from(days); P.redraw(); };
  P.dayColors = function () { return TP.config.day_colors || []; };  // 7 weekdays, then several
  P.groups = function () {
    if (P.colorBy === "weekday") {
      var days = P.days && P.days.length === P.n ? P.days : new Int8Array(P.n).fill(-1);
      return { keys: days, colors: P.dayColors() };
    }
    if (P.colorBy !== "rank") { return { keys: P.terr, colors: P.colors }; }
    var keys = new Int32Array(P.n);
    for (var i = 0; i < P.n; i++) { keys[i] = P.RANKS.indexOf(P.rank[i]); }
    return { keys: keys, colors: P.RANK_COLORS };
  };
  P.colorOf = function (i) {
    var g = P.groups(), k = g.keys[i];
    return k >= 0 && k < g.colors.length ? g.colors[k] : UNASSIGNED;
  };

  P.baseRadius = function (zoom) { return Math.max(1.6, Math.min(7, 1.6 + (zoom - 8) * 0.75)); };

  function radiusOf(i, base) {
    if (P.sizeBy === "sales") { return base * (0.55 + 0.9 * P.weight[i]); }
    if (P.sizeBy === "rank") {
      var r = P.rank[i];
      return base * (r === "A" ? 1.45 : r === "B" ? 1.1 : r === "C" ? 0.8 : 0.7);
    }
    return base;
  }

  var Layer = L.Renderer.extend({
    options: { padding: 0.15, pane: "tpPoints" },
    _initContainer: function () {
      this._container = document.createElement("canvas");
      this._ctx = this._container.getContext("2d");
    },
    _destroyContainer: function () { L.DomUtil.remove(this._container); },
    _update: function () {
      if (this._map._animatingZoom && this._bounds) { return; }
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, size = b.getSize(), c = this._container;
      L.DomUtil.setPosition(c, b.min);
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      this._draw();  // (sizes the picture's pixels for the customers in view)
      this.fire("update");
    },
    _draw: function () {
      var map = this._map, ctx = this._ctx, b = this._bounds, size = b.getSize();
      P.grid = null;
      if (!P.n || !P.visible) { this._picture(0); return; }
      var zoom = map.getZoom(), scale = Math.pow(2, zoom);
      var origin = map.getPixelOrigin();
      var ox = origin.x + b.min.x, oy = origin.y + b.min.y;
      var base = (P.radius = P.baseRadius(zoom));
      var n = P.n, wx = P.wx, wy = P.wy, sx = P.sx, sy = P.sy;
      var grouping = P.groups(), terr = grouping.keys, colors = grouping.colors;
      var w = size.x, h = size.y, m = 10;
      // Group visible points by colour (counting sort on territory index + 1).
      var groups = colors.length + 1;
      var counts = new Int32Array(groups + 1);
      var vis = 0;
      for (var i = 0; i < n; i++) {
        var x = wx[i] * scale - ox, y = wy[i] * scale - oy;
        sx[i] = x; sy[i] = y;
        if (x > -m && y > -m && x < w + m && y < h + m) {
          var t = terr[i]; counts[(t >= 0 && t < groups - 1 ? t + 1 : 0) + 1]++; vis++;
        } else { sx[i] = NaN; }
      }
      this._picture(vis);
      for (var g = 0; g < groups; g++) { counts[g + 1] += counts[g]; }
      var order = new Int32Array(vis), fill = counts.slice(0, groups);
      for (i = 0; i < n; i++) {
        if (sx[i] === sx[i]) {
          var tt = terr[i]; order[fill[tt >= 0 && tt < groups - 1 ? tt + 1 : 0]++] = i;
        }
      }
      var outline = vis < 30000;
      var dense = vis > 40000;  // squares are much cheaper than circles to fill
      var varying = P.sizeBy !== "none";
      ctx.lineWidth = 1;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      var locked = [];
      if (dense) {
        locked = fillSquares(ctx, order, counts, groups, base, varying, colors);
        g = groups;  // done: skip the path loop
      }
      for (g = dense ? groups : 0; g < groups; g++) {
        var from = counts[g], to = counts[g + 1];
        if (from === to) { continue; }
        ctx.fillStyle = g === 0 ? UNASSIGNED : colors[g - 1];
        ctx.beginPath();
        for (var k = from; k < to; k++) {
          var j = order[k], r = varying ? radiusOf(j, base) : base;
          if (P.flags[j] & FLAG_LOCKED) { locked.push(j); continue; }
          if (r < 1.8 || dense) { ctx.rect(sx[j] - r, sy[j] - r, 2 * r, 2 * r); }
          else { ctx.moveTo(sx[j] + r, sy[j]); ctx.arc(sx[j], sy[j], r, 0, 2 * Math.PI); }
        }
        ctx.fill();
        if (outline && base >= 2.5) { ctx.stroke(); }
      }
      // Locked customers: squares with a dark frame, on top.
      ctx.strokeStyle = "#111";
      ctx.lineWidth = 1.4;
      for (k = 0; k < locked.length; k++) {
        j = locked[k]; r = Math.max(2.5, (varying ? radiusOf(j, base) : base) + 0.8);
        ctx.fillStyle = terr[j] >= 0 && terr[j] < colors.length ? colors[terr[j]] : UNASSIGNED;
        ctx.fillRect(sx[j] - r, sy[j] - r, 2 * r, 2 * r);
        ctx.strokeRect(sx[j] - r, sy[j] - r, 2 * r, 2 * r);
      }
      // Approximate positions: a dashed dark ring around the marker, to check on the map.
      ctx.setLineDash([2.5, 2]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (k = 0; k < vis; k++) {
        j = order[k];
        if (P.flags[j] & FLAG_APPROXIMATE) {
          r = Math.max(4.5, (varying ? radiusOf(j, base) : base) + 3);
          ctx.moveTo(sx[j] + r, sy[j]); ctx.arc(sx[j], sy[j], r, 0, 2 * Math.PI);
        }
      }
      ctx.stroke();
      ctx.setLineDash([]);
      // Selection: a dark ring inside a yellow halo, stamped from one drawn ring. (One path
      // of 100,000 circles stroked twice took Chrome 4 s to paint, on every frame.)
      var ring = null;
      for (k = 0; k < vis; k++) {
        j = order[k];
        if (P.selected[j]) {
          ring = ring || ringSprite(Math.max(3.5, base + 2));
          ctx.drawImage(ring.canvas, sx[j] - ring.half, sy[j] - ring.half, ring.size, ring.size);
        }
      }
      P.grid = buildGrid(order, w, h);
      P.gridOrigin = b.min;
    },
    /* The picture cleared, its pixels per CSS pixel chosen for ``count`` customers in view. */
    _picture: function (count) {
      var c = this._container, size = this._bounds.getSize();
      var ratio = (P.pixelRatio = pictureRatio(count));
      var w = Math.round(ratio * size.x), h = Math.round(ratio * size.y);
      if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
      this._ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      this._ctx.clearRect(0, 0, size.x, size.y);
    }
  });

  /* The picture's pixels per CSS pixel: the screen's (2 on most laptops, Windows at 200 %)
   * while few customers are in view, down to 1 from BUDGET of them: each costs its pixels,
   * four times as many at 2 (at 100,000 customers a pan took 290 ms at 2, 186 ms at 1). The
   * CSS size stays, so sizes and positions on screen do not change, only sharpness. */
  var BUDGET = 40000;  // customers drawn at 1; at a ratio r, BUDGET / r² of them
  function pictureRatio(count) {
    var screen = window.devicePixelRatio || 1;
    if (screen <= 1) { return screen; }
    var fits = Math.floor(4 * Math.sqrt(BUDGET / Math.max(count, 1))) / 4;  // steps of 1/4
    return Math.max(1, Math.min(screen, fits));
  }

  /* The selection ring of radius r, drawn once at the screen's pixel ratio. */
  var ringCache = null;
  function ringSprite(r) {
    var dpr = window.devicePixelRatio || 1;
    if (ringCache && ringCache.r === r && ringCache.dpr === dpr) { return ringCache; }
    var half = r + 3, c = document.createElement("canvas");
    c.width = c.height = Math.ceil(2 * half * dpr);
    var x = c.getContext("2d");
    x.setTransform(dpr, 0, 0, dpr, 0, 0);
    x.beginPath();
    x.arc(half, half, r, 0, 2 * Math.PI);
    x.lineWidth = 4; x.strokeStyle = "rgba(255,235,59,0.95)"; x.stroke();
    x.lineWidth = 1.5; x.strokeStyle = "#000"; x.stroke();
    ringCache = { r: r, dpr: dpr, canvas: c, half: half, size: c.width / dpr };
    return ringCache;
  }

  function rgba32(hex) {
    var v = parseInt(hex.slice(1), 16);
    return ((255 << 24) | ((v & 255) << 16) | (v & 0xff00) | ((v >> 16) & 255)) >>> 0;
  }

  /* Dense views: write squares straight into the pixel buffer (far cheaper than paths). */
  function fillSquares(ctx, order, counts, groups, base, varying, colors) {
    var c = ctx.canvas, W = c.width, H = c.height, dpr = P.pixelRatio;
    var img = ctx.createImageData(W, H), buf = new Uint32Array(img.data.buffer);
    var locked = [];
    for (var g = 0; g < groups; g++) {
      var col = rgba32(g === 0 ? UNASSIGNED : colors[g - 1]);
      for (var k = counts[g]; k < counts[g + 1]; k++) {
        var j = order[k];
        if (P.flags[j] & FLAG_LOCKED) { locked.push(j); continue; }
        var r = Math.max(1, Math.round((varying ? radiusOf(j, base) : base) * dpr));
        var cx = Math.round(P.sx[j] * dpr), cy = Math.round(P.sy[j] * dpr);
        var x0 = Math.max(0, cx - r), x1 = Math.min(W, cx + r);
        var y1 = Math.min(H, cy + r);
        for (var y = Math.max(0, cy - r); y < y1; y++) {
          var row = y * W;
          for (var x = x0; x < x1; x++) { buf[row + x] = col; }
        }
      }
    }
    ctx.putImageData(img, 0, 0);
    return locked;
  }

  function buildGrid(order, w, h) {
    var cols = Math.ceil(w / CELL) + 1, rows = Math.ceil(h / CELL) + 1, cells = cols * rows;
    var start = new Int32Array(cells + 1), cellOf = new Int32Array(order.length);
    for (var k = 0; k < order.length; k++) {
      var j = order[k];
      var cx = Math.max(0, Math.min(cols - 1, Math.floor(P.sx[j] / CELL)));
      var cy = Math.max(0, Math.min(rows - 1, Math.floor(P.sy[j] / CELL)));
      cellOf[k] = cy * cols + cx; start[cellOf[k] + 1]++;
    }
    for (var c = 0; c < cells; c++) { start[c + 1] += start[c]; }
    var items = new Int32Array(order.length), fill = start.slice(0, cells);
    for (k = 0; k < order.length; k++) { items[fill[cellOf[k]]++] = order[k]; }
    return { cols: cols, rows: rows, start: start, items: items };
  }

  /* The customer nearest to a container point within the marker radius (+ slack), or -1. */
  P.hit = function (containerPoint, slack) {
    var grid = P.grid;
    if (!grid || !TP.map) { return -1; }
    var lp = TP.map.containerPointToLayerPoint(containerPoint);
    var x = lp.x - P.gridOrigin.x, y = lp.y - P.gridOrigin.y;
    var limit = P.radius + (slack === undefined ? 3 : slack), best = -1, bestD = limit * limit;
    var cx = Math.floor(x / CELL), cy = Math.floor(y / CELL);
    for (var gy = cy - 1; gy <= cy + 1; gy++) {
      for (var gx = cx - 1; gx <= cx + 1; gx++) {
        if (gx < 0 || gy < 0 || gx >= grid.cols || gy >= grid.rows) { continue; }
        var c = gy * grid.cols + gx;
        for (var k = grid.start[c]; k < grid.start[c + 1]; k++) {
          var j = grid.items[k], dx = P.sx[j] - x, dy = P.sy[j] - y, d = dx * dx + dy * dy;
          if (d <= bestD) { bestD = d; best = j; }
        }
      }
    }
    return best;
  };

  /* Tooltip: built from text nodes only. */
  var tip = null;
  P.showTooltip = function (i, containerPoint) {
    if (!tip) {
      tip = TP.el("div", "tp-tooltip", null, TP.map.getContainer());
    }
    tip.textContent = "";
    var S = TP.str;
    TP.el("div", "tp-tooltip-name", P.names[i], tip);
    if (P.address[i]) { TP.el("div", null, P.address[i], tip); }
    /* the frequency in the customer list's words (every 2 weeks / 隔週, 4週に0.53回（約8週に
       1回）), sent with the data (planner.maps.data: frequency_words) */
    var f = P.frequency[i], words = f === null ? null : P.freqWords[String(Math.round(f * 100))];
    var line = S.rank + ": " + (P.rank[i] || "—") + S.gap + S.frequency_words + ": " +
      (words || "—");
    TP.el("div", null, line, tip);
    var t = TP.layers && TP.layers.territory(P.terr[i]);
    var where = t ? (t.rep ? TP.bracket(t.name, t.rep) : t.name) : S.unassigned;
    TP.el("div", null, S.territory + ": " + where, tip);
    [["closed", P.closed], ["visit", P.visit]].forEach(function (kv) {
      var codes = kv[1] && kv[1][i];
      if (!codes) { return; }
      var names = codes.split(",").map(function (d) { return S["day_" + d] || d; });
      TP.el("div", null, S[kv[0]] + ": " + names.join(", "), tip);
    });
    var week = P.week && parseInt(P.week[i], 10);
    if (week > 0) { TP.el("div", null, S.week_line.replace("{n}", week), tip); }
    if (P.hours && P.hours[i]) { TP.el("div", null, S.hours + ": " + P.hours[i], tip); }
    if (P.flags[i] & FLAG_LOCKED) { TP.el("div", "tp-tooltip-locked", S.locked, tip); }
    if (P.flags[i] & FLAG_APPROXIMATE) { TP.el("div", "tp-tooltip-locked", S.approximate, tip); }
    tip.style.display = "block";
    tip.style.left = (containerPoint.x + 14) + "px";
    tip.style.top = (containerPoint.y + 10) + "px";
  };
  /* The territory ``t`` under the pointer (off any customer): its name and rep. */
  P.showAreaTooltip = function (t, containerPoint) {
    if (!tip) {
      tip = TP.el("div", "tp-tooltip", null, TP.map.getContainer());
    }
    tip.textContent = "";
    TP.el("div", "tp-tooltip-name", t.name, tip);
    if (t.rep) { TP.el("div", null, TP.str.rep + ": " + t.rep, tip); }
    tip.style.display = "block";
    tip.style.left = (containerPoint.x + 14) + "px";
    tip.style.top = (containerPoint.y + 10) + "px";
  };
  P.hideTooltip = function () { if (tip) { tip.style.display = "none"; } };
  P.tooltipText = function () { return tip ? tip.textContent : ""; };

  /* Repaint the canvas in place (same size and position); view changes go through _update. */
  var drawPending = false;
  P.redraw = function () {
    if (drawPending) { return; }
    drawPending = true;
    requestAnimationFrame(function () {  // one draw per frame however many changes arrive
      drawPending = false;
      if (P.layer && P.layer._map && P.layer._bounds) { P.layer._draw(); }
    });
  };

  P.indexOf = function (id) { return P.ids.indexOf(id); };

  TP.onBoot(function (map) {
    map.createPane("tpPoints").style.zIndex = 450;
    P.colors = [];
    P.layer = new Layer();
    P.layer.addTo(map);
    var pending = null;
    map.on("mousemove", function (ev) {
      pending = ev.containerPoint;
      requestAnimationFrame(function () {
        if (!pending) { return; }
        var browsing = TP.tool === "pan" || TP.tool === "move";
        var i = browsing ? P.hit(pending) : -1;
        // off the customers: the territory there, by name and rep (its name on the map may
        // have given way to its neighbours')
        var area = browsing && i < 0 && TP.layers.territoryAt ?
          TP.layers.territoryAt(map.containerPointToLatLng(pending)) : null;
        if (i >= 0) { P.showTooltip(i, pending); } else if (area) {
          P.showAreaTooltip(area, pending);
        } else { P.hideTooltip(); }
        map.getContainer().style.cursor = i >= 0 ? "pointer" : "";
        pending = null;
      });
    });
    map.on("mouseout zoomstart movestart", P.hideTooltip);
  });
  TP.onStrings(function () { P.hideTooltip(); });  // written in the former language
})();
