/* Territory names on a Leaflet map, each drawn inside its own territory, in the part of it
 * in view: the window's map (tp_labels.js) and the shared HTML map (share_page.js) both.
 *
 * A name sits on its territory's usual label point (made in Python) while that point is well
 * in view; when it is off screen or under a control (zoomed in to a street, or the legend over
 * it), the name goes to the roomiest spot of the part of the territory on screen, found by
 * scanlines over the boundary (the even–odd rule, so holes and separate parts count): a row of
 * interior intervals every quarter of a name's height, five rows together holding a name.
 * Names that would cover each other keep their places by rank (customers): the smaller
 * territory's name goes to another spot of its own territory clear of them, shrinks, or is
 * hidden until the map is zoomed in (the legend names every territory); the reps' home
 * diamonds are kept clear of the same way (far out, a name over a diamond hid where the rep
 * starts from), another rep's by a gap (a new territory's name right beside 東京エリア's
 * diamond read as that rep's, and took the room of 東京エリア's own name). Boundaries are projected once (Web Mercator); a move costs
 * a few multiplications a vertex, and only for the territories whose names had to move.
 */
(function () {
  "use strict";
  var SMALL = "tp-label-small";
  var MARGIN = 4;  // px a name keeps from the map's edge
  var HOME_GAP = 12;  // px at least a name keeps from another rep's home diamond
  var mercator = new WeakMap();  // a boundary → its rings in Web Mercator (world = 0…1)

  /* A boundary's rings (outer and holes of every part) as flat [x0, y0, x1, y1, …] arrays in
   * Web Mercator, with their bounds; made once per boundary the page is sent. */
  function worldRings(geometry) {
    var got = mercator.get(geometry);
    if (got) { return got; }
    var polys = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    var rings = [], x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    polys.forEach(function (poly) {
      poly.forEach(function (ring) {
        var xy = new Float64Array(ring.length * 2);
        for (var i = 0; i < ring.length; i++) {
          var x = ring[i][0] / 360 + 0.5;
          var y = 0.5 - Math.log(Math.tan(Math.PI / 4 + ring[i][1] * Math.PI / 360)) / (2 * Math.PI);
          xy[2 * i] = x; xy[2 * i + 1] = y;
          if (x < x0) { x0 = x; } if (x > x1) { x1 = x; }
          if (y < y0) { y0 = y; } if (y > y1) { y1 = y; }
        }
        rings.push(xy);
      });
    });
    got = { rings: rings, box: [x0, y0, x1, y1] };
    mercator.set(geometry, got);
    return got;
  }

  /* The view's projection: container pixels of a Web Mercator point are x·scale − ox. */
  function viewTransform(map) {
    var scale = 256 * Math.pow(2, map.getZoom());
    var origin = map.getPixelOrigin().add(map.containerPointToLayerPoint([0, 0]));
    return { scale: scale, ox: origin.x, oy: origin.y };
  }

  /* The territory's rings in container pixels (Float32Array each), a vertex within a pixel
   * of the last one kept left out (far out, a boundary of hundreds of vertices is a few
   * dozen pixels: the scanlines cross a few dozen edges, not hundreds). */
  function pixelRings(world, v) {
    return world.rings.map(function (xy) {
      var out = new Float32Array(xy.length), n = 0, px = Infinity, py = Infinity;
      for (var i = 0; i < xy.length; i += 2) {
        var x = xy[i] * v.scale - v.ox, y = xy[i + 1] * v.scale - v.oy;
        if (Math.abs(x - px) < 1 && Math.abs(y - py) < 1 && i + 2 < xy.length) { continue; }
        out[n++] = x; out[n++] = y; px = x; py = y;
      }
      return out.subarray(0, n);
    });
  }

  /* The interior of ``rings`` along each row of ``ys`` (ascending): sorted [from, to]
   * intervals per row. One sweep: the edges sorted by their top, each row crossing only the
   * edges it lies across (the even–odd rule: y in [top, bottom) of an edge). */
  function rowsAt(rings, ys) {
    var first = ys[0], last = ys[ys.length - 1], edges = [];
    for (var r = 0; r < rings.length; r++) {
      var p = rings[r], n = p.length;
      for (var i = 0, j = n - 2; i < n; j = i, i += 2) {
        var ya = p[i + 1], yb = p[j + 1];
        if (ya === yb) { continue; }
        var lo = Math.min(ya, yb), hi = Math.max(ya, yb);
        if (hi <= first || lo > last) { continue; }
        edges.push({ lo: lo, hi: hi, x: p[i], y: ya, k: (p[j] - p[i]) / (yb - ya) });
      }
    }
    edges.sort(function (a, b) { return a.lo - b.lo; });
    var out = [], active = [], next = 0;
    for (var q = 0; q < ys.length; q++) {
      var y = ys[q], xs = [], kept = 0;
      while (next < edges.length && edges[next].lo <= y) { active.push(edges[next++]); }
      for (var e = 0; e < active.length; e++) {
        var edge = active[e];
        if (edge.hi <= y) { continue; }  // passed: dropped
        active[kept++] = edge;
        xs.push(edge.x + (y - edge.y) * edge.k);
      }
      active.length = kept;
      xs.sort(function (a, b) { return a - b; });
      var row = [];
      for (var k = 0; k + 1 < xs.length; k += 2) { row.push([xs[k], xs[k + 1]]); }
      out.push(row);
    }
    return out;
  }

  /* The overlap of two sorted interval lists. */
  function both(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var lo = Math.max(a[i][0], b[j][0]), hi = Math.min(a[i][1], b[j][1]);
      if (lo < hi) { out.push([lo, hi]); }
      if (a[i][1] < b[j][1]) { i++; } else { j++; }
    }
    return out;
  }

  /* The free stretches of the row ``y``: inside the view's margin, off the boxes ``taken``
   * (the map's controls, the names already placed). */
  function freeRow(y, size, taken, h) {
    var out = [[MARGIN, size.x - MARGIN]];
    taken.forEach(function (c) {  // a box of height h in the row would touch c
      if (y <= c.top - h / 2 || y >= c.bottom + h / 2) { return; }
      out = both(out, [[-Infinity, c.left], [c.right, Infinity]]);
    });
    return out;
  }

  /* Whether the box lies within the view's margin and off every control. */
  function inView(box, size, controls) {
    return box.left >= MARGIN && box.top >= MARGIN && box.right <= size.x - MARGIN &&
      box.bottom <= size.y - MARGIN && clear(box, controls);
  }

  function clear(box, others) {
    for (var i = 0; i < others.length; i++) {
      var p = others[i];
      if (box.left < p.right && p.left < box.right && box.top < p.bottom && p.top < box.bottom) {
        return false;
      }
    }
    return true;
  }

  function boxAt(x, y, w, h) {
    return { left: x - w / 2, right: x + w / 2, top: y - h / 2, bottom: y + h / 2 };
  }

  /* The stretches of the territory ``terr`` in view a name ``h`` high fits in: [y, intervals]
   * for rows every quarter of a name's height, each interval interior at y and at the rows
   * up to half a name above and below (``whole``), or a quarter (the middle of a small name
   * over a narrow territory). Kept for the view (every try of the name uses them). */
  function insideBands(terr, h, size, whole) {
    var key = h + (whole ? "w" : "m"), reach = whole ? 2 : 1;
    if (terr.bands[key]) { return terr.bands[key]; }
    var box = terr.pxBox, rings = terr.rings();
    var step = h / 4, out = [];
    var top = Math.max(MARGIN + h / 2, box[1]), bottom = Math.min(size.y - MARGIN - h / 2, box[3]);
    if (top <= bottom) {
      var ys = [];
      for (var y = top - 2 * step; y <= bottom + 2 * step + 0.01; y += step) { ys.push(y); }
      var rows = rowsAt(rings, ys);
      for (var k = 2; k + 2 < rows.length; k++) {
        var inside = rows[k - reach];
        for (var j = k - reach + 1; j <= k + reach && inside.length; j++) {
          inside = both(inside, rows[j]);
        }
        if (inside.length) { out.push([ys[k], inside]); }
      }
    }
    return (terr.bands[key] = out);
  }

  /* The roomiest spot for a name ``w`` × ``h`` in the part of the territory in view, off the
   * boxes ``taken``: its middle on a stretch of the territory (:func:`insideBands`) at least
   * ``need`` wide (less than ``w``: a small name may reach over a narrow territory's edges),
   * the name whole in a free stretch of its row; the widest, nearest the middle of the part
   * in view. None when there is no such spot. */
  function spotInView(terr, w, h, need, size, taken) {
    var bands = insideBands(terr, h, size, need >= w), box = terr.pxBox;
    taken = taken.filter(function (c) {  // those a name of this territory could touch
      return c.right > box[0] - w && c.left < box[2] + w && c.bottom > box[1] - h &&
        c.top < box[3] + h;
    });
    var cands = [];
    for (var k = 0; k < bands.length; k++) {
      var y = bands[k][0], inside = bands[k][1];
      var free = freeRow(y, size, taken, h);
      inside.forEach(function (s) {
        free.forEach(function (f) {  // the middle of s ∩ f, the name whole in f
          var g0 = Math.max(s[0], f[0]), g1 = Math.min(s[1], f[1]);
          if (g1 - g0 < need || f[1] - f[0] < w) { return; }  // (f between two diamonds)
          var x = Math.min(Math.max((g0 + g1) / 2, f[0] + w / 2), f[1] - w / 2);
          if (x < g0 || x > g1) { return; }
          cands.push({ x: x, y: y, room: g1 - g0 });
        });
      });
    }
    if (!cands.length) { return null; }
    var lo = Infinity, hi = -Infinity;
    cands.forEach(function (c) { lo = Math.min(lo, c.y); hi = Math.max(hi, c.y); });
    var middle = (lo + hi) / 2, best = null, bestScore = -Infinity;
    cands.forEach(function (c) {
      var score = Math.min(c.room, 2 * w) * 1000 - Math.abs(c.y - middle);
      if (score > bestScore) { bestScore = score; best = c; }
    });
    return best;
  }

  /* Each name's size (full and small), read once its marker is on the page. */
  function measure(marks) {
    var todo = marks.filter(function (mk) { return !mk.size; });
    if (!todo.length) { return; }
    todo.forEach(function (mk) { mk.label.classList.remove(SMALL); });
    var full = todo.map(function (mk) { return [mk.label.offsetWidth, mk.label.offsetHeight]; });
    todo.forEach(function (mk) { mk.label.classList.add(SMALL); });
    todo.forEach(function (mk, i) {
      mk.size = { w: full[i][0], h: full[i][1], sw: mk.label.offsetWidth, sh: mk.label.offsetHeight };
    });
    todo.forEach(function (mk) { mk.label.classList.remove(SMALL); });
  }

  /* The bounds [west, south, east, north] of a GeoJSON geometry's rings, kept per geometry. */
  var extents = new WeakMap();
  function extent(geometry) {
    var got = extents.get(geometry);
    if (got) { return got; }
    var polys = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    got = [Infinity, Infinity, -Infinity, -Infinity];
    polys.forEach(function (poly) {
      poly[0].forEach(function (p) {
        got[0] = Math.min(got[0], p[0]); got[1] = Math.min(got[1], p[1]);
        got[2] = Math.max(got[2], p[0]); got[3] = Math.max(got[3], p[1]);
      });
    });
    extents.set(geometry, { box: got, polys: polys });
    return extents.get(geometry);
  }

  /* Whether [lng, lat] lies inside the geometry (the even–odd rule over every ring: holes
   * and separate parts count): the territory under the pointer, on both maps. */
  window.tpInside = function (geometry, x, y) {
    var e = extent(geometry), b = e.box, odd = false;
    if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) { return false; }
    e.polys.forEach(function (poly) {
      poly.forEach(function (ring) {
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var yi = ring[i][1], yj = ring[j][1];
          if ((yi > y) !== (yj > y) &&
              x < (ring[j][0] - ring[i][0]) * (y - yi) / (yj - yi) + ring[i][0]) { odd = !odd; }
        }
      });
    });
    return odd;
  };

  /* Place the names ``names`` for the map's current view: each ``{marker, label (its
   * element), geometry (GeoJSON Polygon or MultiPolygon), usual ([lat, lng]), rank}``; the
   * reps' homes ``homes`` (their elements, or boxes {left, top, right, bottom} in the map's
   * pixels for those drawn on a canvas), each with ``owner`` (``tpOwner`` on an element),
   * are kept clear of as the names are, another territory's (a name's ``owner``) by a gap
   * of a name's height (:data:`HOME_GAP` at least). Each marker gets
   * ``tpState`` ("full", "small" or "hidden") and ``tpMoved`` (off its usual point). */
  window.tpPlaceNames = function (map, names, homes) {
    var size = map.getSize(), v = viewTransform(map);
    var marks = names.map(function (n) {
      return { marker: n.marker, label: n.label, geometry: n.geometry, usual: n.usual,
        rank: n.rank, size: n.marker.tpSize, owner: n.owner };
    });
    // reads first (one layout): names' sizes, the controls and the diamonds on the map
    measure(marks);
    // (a name measured in the fallback font while IPAexGothic still loads is measured again
    // next time, not kept: drawn in the font it is wider, and names placed apart overlapped)
    var settled = !document.fonts || document.fonts.status === "loaded";
    var mapBox = map.getContainer().getBoundingClientRect();
    function local(r) {
      return { left: r.left - mapBox.left, right: r.right - mapBox.left,
        top: r.top - mapBox.top, bottom: r.bottom - mapBox.top };
    }
    var controls = [];
    // the controls, and the tool hints and notices over the map (the window's)
    map.getContainer().querySelectorAll(".leaflet-control, .tp-messages > *").forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) { controls.push(local(r)); }
    });
    homes = homes.map(function (e) {
      var box = e.getBoundingClientRect ? local(e.getBoundingClientRect()) : e;
      box.owner = e.getBoundingClientRect ? e.tpOwner : e.owner;
      return box;
    });
    /* The diamonds as a name ``h`` high of ``owner`` keeps clear of them: its own touching
     * it at most, the others' a name's height away (a name on a diamond's row a few pixels
     * off read as that rep's); no owner known: every diamond its own. */
    function homesFor(owner, h) {
      var g = Math.max(HOME_GAP, h);
      return homes.map(function (b) {
        if (owner === undefined || b.owner === undefined || b.owner === owner) { return b; }
        return { left: b.left - g, right: b.right + g, top: b.top - g, bottom: b.bottom + g };
      });
    }
    // where each name would go in this view
    marks.forEach(function (mk) {
      if (mk.size.w > 0 && settled) { mk.marker.tpSize = mk.size; }  // not while hidden
      mk.spot = null; mk.rings = null; mk.pxBox = null; mk.bands = {};
      var w = mk.size.w + 4, h = mk.size.h + 2;
      if (!mk.geometry || !mk.usual) { return; }
      var world = worldRings(mk.geometry), b = world.box;
      var pxBox = [b[0] * v.scale - v.ox, b[1] * v.scale - v.oy, b[2] * v.scale - v.ox,
        b[3] * v.scale - v.oy];
      if (pxBox[2] < 0 || pxBox[0] > size.x || pxBox[3] < 0 || pxBox[1] > size.y) { return; }
      mk.pxBox = pxBox;
      var p = map.latLngToContainerPoint(mk.usual);
      mk.rings = function () { return mk._rings || (mk._rings = pixelRings(world, v)); };
      if (inView(boxAt(p.x, p.y, w, h), size, controls)) {
        mk.spot = { x: p.x, y: p.y, usual: true };
        return;
      }
      var spot = spotInView(mk, w, h, w, size, controls);
      if (!spot) {  // no room for the name: for the small name, maybe
        var sw = mk.size.sw + 4;
        spot = spotInView(mk, sw, mk.size.sh + 2, sw / 2, size, controls);
        if (spot) { spot.smallOnly = true; }
      }
      mk.spot = spot;
    });
    // the territory with more customers keeps its name where it is
    marks.sort(function (a, b) { return b.rank - a.rank; });
    var placed = [];
    marks.forEach(function (mk) {
      mk.state = "hidden";
      var s = mk.spot;
      if (!s) { return; }
      var sizes = s.smallOnly ? [false, false] : [true, false, false];
      // clear of the names already placed and of the diamonds: at its spot, else the
      // roomiest spot of its territory in view, full size, else small; at last small, its
      // middle on the territory and clear of the other reps' diamonds without the gap (a
      // territory a rebalance carved round another rep's home, e.g. a new one in the middle
      // of 東京エリア, had no name on the map at the zoom the plan opens at)
      for (var z = 0; z < sizes.length && mk.state === "hidden"; z++) {
        var w = (sizes[z] ? mk.size.w : mk.size.sw) + 4;
        var h = (sizes[z] ? mk.size.h : mk.size.sh) + 2;
        var last = z === sizes.length - 1;
        var avoid = placed.concat(homesFor(last ? undefined : mk.owner, h));
        var at = s;
        if (!clear(boxAt(s.x, s.y, w, h), avoid)) {
          // (the last try: the name's middle anywhere on its territory, the name reaching
          // over its edges as far as it must: a territory a few pixels across far out)
          at = spotInView(mk, w, h, sizes[z] ? w : last ? 1 : w / 2, size, controls.concat(avoid));
          if (!at) { continue; }
        }
        mk.state = sizes[z] ? "full" : "small";
        mk.x = at.x; mk.y = at.y; mk.moved = at !== s || !s.usual;
        placed.push(boxAt(at.x, at.y, w, h));
      }
    });
    // then the writes
    marks.forEach(function (mk) {
      var marker = mk.marker;
      marker.tpState = mk.state;
      marker.tpMoved = mk.state !== "hidden" && mk.moved;
      mk.label.style.visibility = mk.state === "hidden" ? "hidden" : "";
      mk.label.classList.toggle(SMALL, mk.state === "small");
      if (mk.state === "hidden") { return; }
      var at = mk.moved ? map.containerPointToLatLng([mk.x, mk.y]) : L.latLng(mk.usual);
      if (!at.equals(marker.getLatLng())) { marker.setLatLng(at); }
    });
  };
})();
