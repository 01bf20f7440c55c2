/* Editing tools: boundary vertices (drag, insert via midpoints, delete by double-click),
 * drawing a new territory, and moving a customer. Each finished gesture sends one
 * message; Python applies the edit and sends the new state back. */
(function () {
  "use strict";
  var TP = window.TP;
  var P = TP.points;
  var E = (TP.edit = { territory: null, rings: null, handles: [] });
  var group = null, preview = null;
  var MAX_MIDPOINTS = 300;
  // Handles (12 px squares) closer than this on screen are not all shown.
  var MIN_HANDLE_PX = 20;

  /* GeoJSON Polygon/MultiPolygon → list of polygons, each a list of rings of L.LatLng
   * (closing point dropped). */
  function toRings(geometry) {
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polys.map(function (poly) {
      return poly.map(function (ring) {
        var pts = ring.map(function (c) { return L.latLng(c[1], c[0]); });
        if (pts.length > 1 && pts[0].equals(pts[pts.length - 1])) { pts.pop(); }
        return pts;
      });
    });
  }

  function ringCoords(ring) {
    var out = ring.map(function (ll) { return [ll.lng, ll.lat]; });
    out.push(out[0]);
    return out;
  }

  E.geometry = function () {
    var polys = E.rings.map(function (poly) { return poly.map(ringCoords); });
    return polys.length === 1 ? { type: "Polygon", coordinates: polys[0] }
      : { type: "MultiPolygon", coordinates: polys };
  };

  function handleIcon(cls) { return L.divIcon({ className: cls, iconSize: [12, 12] }); }

  function sendReshape() {
    TP.send({ type: "reshape", territory: E.territory, polygon: E.geometry() });
  }

  function redrawPreview() {
    if (preview) { preview.setLatLngs(E.rings); }
  }

  E.midpoints = function () { return E.mids || []; };

  E.clear = function () {
    if (group) { group.clearLayers(); }
    E.handles = []; E.mids = []; E.territory = null; E.rings = null; preview = null;
  };

  /* Show the handles of territory ``id`` (its current boundary). */
  E.begin = function (id) {
    var t = TP.layers.byId[id];
    E.clear();
    if (!t || !t.geometry) { return false; }
    E.territory = id;
    E.rings = toRings(t.geometry);
    E.build();
    return true;
  };

  /* Keeps points at least ``px`` screen pixels from every point kept before (a grid of
   * ``px`` cells, so each test looks at the nine cells around the point). */
  function spacing(px) {
    var cells = {};
    return function (pt) {
      var cx = Math.floor(pt.x / px), cy = Math.floor(pt.y / px);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var near = cells[(cx + dx) + "," + (cy + dy)] || [];
          for (var k = 0; k < near.length; k++) {
            if (near[k].distanceTo(pt) < px) { return false; }
          }
        }
      }
      var key = cx + "," + cy;
      (cells[key] = cells[key] || []).push(pt);
      return true;
    };
  }

  /* The vertices of ``ring`` that get a handle at this zoom, in ring order: inside ``view``
   * and at least MIN_HANDLE_PX apart. Corners (the vertices a simplification at half that
   * tolerance keeps) are placed first, the rest fill the gaps. */
  function shownVertices(ring, view, keep) {
    var map = TP.map, pts = ring.map(function (ll, vi) {
      var p = map.latLngToLayerPoint(ll);
      p.vi = vi;
      return p;
    });
    var corners = pts.length > 3 ? L.LineUtil.simplify(pts.concat([pts[0]]), MIN_HANDLE_PX / 2)
      : pts;
    var shown = {};
    corners.concat(pts).forEach(function (p) {
      if (shown[p.vi] === undefined && view.contains(ring[p.vi])) {
        shown[p.vi] = keep(p);
      }
    });
    return pts.filter(function (p) { return shown[p.vi]; }).map(function (p) { return p.vi; });
  }

  E.build = function () {
    group.clearLayers();
    E.handles = [];
    E.mids = [];
    var color = TP.layers.byId[E.territory].color;
    preview = L.polygon(E.rings, { color: color, weight: 2, dashArray: "6 4", fillOpacity: 0.05,
      interactive: false }).addTo(group);
    // Long boundaries: handles only near the view and a few pixels apart (the preview line
    // shows every vertex), midpoints only when few handles are shown.
    var view = TP.map.getBounds().pad(0.25), keep = spacing(MIN_HANDLE_PX), shown = [];
    E.rings.forEach(function (poly, pi) {
      poly.forEach(function (ring, ri) {
        shown.push({ pi: pi, ri: ri, ring: ring, vis: shownVertices(ring, view, keep) });
      });
    });
    shown.forEach(function (r) {
      r.vis.forEach(function (vi) { addHandle(r.ring, r.pi, r.ri, vi); });
    });
    var count = E.handles.length;
    if (count > MAX_MIDPOINTS) { return; }
    shown.forEach(function (r) {
      r.vis.forEach(function (vi) {
        var ll = r.ring[vi], next = r.ring[(vi + 1) % r.ring.length];
        var at = L.latLng((ll.lat + next.lat) / 2, (ll.lng + next.lng) / 2);
        if (keep(TP.map.latLngToLayerPoint(at))) { addMidpoint(r.ring, r.pi, r.ri, vi, at); }
      });
    });
  };

  function addHandle(ring, pi, ri, vi) {
    var h = L.marker(ring[vi], { icon: handleIcon("tp-vertex"), draggable: true, keyboard: false });
    h.on("drag", function () { ring[vi] = h.getLatLng(); redrawPreview(); });
    h.on("dragend", function () { ring[vi] = h.getLatLng(); sendReshape(); });
    h.on("dblclick", function (ev) {
      L.DomEvent.stop(ev);
      if (ring.length > 3) { ring.splice(vi, 1); E.build(); sendReshape(); }
    });
    h.path = [pi, ri, vi];
    h.addTo(group);
    E.handles.push(h);
  }

  function addMidpoint(ring, pi, ri, vi, at) {
    var mid = L.marker(at, { icon: handleIcon("tp-midpoint"), draggable: true, keyboard: false });
    var inserted = false;
    mid.on("drag", function () {
      if (!inserted) { ring.splice(vi + 1, 0, mid.getLatLng()); inserted = true; }
      ring[vi + 1] = mid.getLatLng(); redrawPreview();
    });
    mid.on("dragend", function () { E.build(); sendReshape(); });
    mid.path = [pi, ri, vi, "mid"];
    mid.addTo(group);
    E.mids.push(mid);
  }

  /* After Python sent new territories: show the handles again on the (normalised) boundary. */
  E.refresh = function () {
    if (!E.territory || TP.tool !== "edit") { return; }
    var t = TP.layers.byId[E.territory];
    if (!t || !t.geometry) { E.clear(); return; }
    if (!TP.layers.changed[E.territory] || sameRings(toRings(t.geometry), E.rings)) {
      preview.setStyle({ color: t.color });  // Python kept the shape we sent: keep the handles
      return;
    }
    E.begin(E.territory);
  };

  /* Same vertices (to ~1 m), whatever the order of parts, rings and start points: a
   * normalised copy of the shape we sent back does not need new handles. */
  function sameRings(a, b) {
    if (!b) { return false; }
    var keys = {}, count = 0, key = function (ll) {
      return Math.round(ll.lat * 1e5) + "," + Math.round(ll.lng * 1e5);
    };
    b.forEach(function (poly) {
      poly.forEach(function (ring) {
        ring.forEach(function (ll) { keys[key(ll)] = true; count++; });
      });
    });
    var same = true, seen = 0;
    a.forEach(function (poly) {
      poly.forEach(function (ring) {
        ring.forEach(function (ll) { seen++; if (!keys[key(ll)]) { same = false; } });
      });
    });
    return same && seen === count;
  }

  /* Drag vertex ``vi`` of ring ``ri`` of polygon ``pi`` to (lat, lon) through its handle. */
  E.dragVertex = function (pi, ri, vi, lat, lon) {
    var h = E.handles.filter(function (x) {
      return x.path[0] === pi && x.path[1] === ri && x.path[2] === vi;
    })[0];
    h.fire("dragstart");
    h.setLatLng([lat, lon]);
    h.fire("drag");
    h.fire("dragend");
  };

  function territoryAt(latlng) {
    var p = TP.select.toWorld(latlng);
    var list = TP.layers.list;
    for (var k = list.length - 1; k >= 0; k--) {
      var t = list[k];
      if (!t.geometry) { continue; }
      var polys = toRings(t.geometry);
      for (var a = 0; a < polys.length; a++) {
        var outer = polys[a][0].map(function (ll) { return TP.select.toWorld(ll); });
        if (TP.select.inRing(p[0], p[1], outer)) { return t.id; }
      }
    }
    return null;
  }
  E.territoryAt = territoryAt;

  function editClick(ev) {
    var id = territoryAt(ev.latlng);
    if (id && id !== E.territory) { E.begin(id); } else if (!id) { E.clear(); }
  }

  TP.tools = TP.tools || {};
  TP.tools.edit = {
    activate: function () {
      TP.map.on("click", editClick);
      TP.map.getContainer().classList.add("tp-editing");  // a home diamond takes no click (tp.css)
    },
    deactivate: function () {
      TP.map.off("click", editClick); E.clear();
      TP.map.getContainer().classList.remove("tp-editing");
    }
  };

  /* Draw a new territory: click corners; double-click (or click the first corner) ends. */
  var D = (TP.draw = { points: [] });
  var drawLine = null;
  function drawClick(ev) {
    var first = D.points[0];
    if (first && D.points.length >= 3) {
      var a = TP.map.latLngToContainerPoint(first);
      if (a.distanceTo(ev.containerPoint) < 10) { D.finish(D.points); return; }
    }
    D.points.push(ev.latlng);
    if (!drawLine) {
      drawLine = L.polyline([], { color: "#000", weight: 2, dashArray: "5 5", interactive: false })
        .addTo(TP.map);
    }
    drawLine.setLatLngs(D.points);
  }
  function drawDblclick() { if (D.points.length >= 3) { D.finish(D.points); } }
  D.finish = function (latlngs) {
    var ring = latlngs.map(function (ll) { ll = L.latLng(ll); return [ll.lng, ll.lat]; });
    D.reset();
    if (ring.length < 3) { return; }
    ring.push(ring[0]);
    TP.send({ type: "draw", polygon: { type: "Polygon", coordinates: [ring] } });
  };
  D.reset = function () {
    D.points = [];
    if (drawLine) { drawLine.remove(); drawLine = null; }
  };
  TP.tools.draw = {
    activate: function () {
      TP.map.on("click", drawClick); TP.map.on("dblclick", drawDblclick);
      TP.map.getContainer().classList.add("tp-crosshair");
    },
    deactivate: function () {
      TP.map.off("click", drawClick); TP.map.off("dblclick", drawDblclick); D.reset();
      TP.map.getContainer().classList.remove("tp-crosshair");
    }
  };

  /* Move a customer: press on it, drag, release (a placing pin: tp_place.js). The customer
   * moves by as much as the pointer did (pressed a few pixels off its centre, it does not jump
   * there); a press and release without a drag (a click, a hand's tremble) moves nothing: it
   * moved the shop to the pointer, tens of metres, as an edit the manager never meant. */
  var M = (TP.move = { index: -1 });
  var ghost = null, downAt = null;
  M.SLOP = 4;  // px the pointer must travel before a press becomes a drag
  function moveDown(ev) {
    var i = P.hit(ev.containerPoint);
    if (i < 0) { return; }
    M.index = i;
    downAt = ev.containerPoint;
    TP.map.dragging.disable();
    ghost = L.circleMarker([P.lat[i], P.lon[i]], { radius: 7, color: "#000", weight: 2,
      fillOpacity: 0.3, interactive: false }).addTo(TP.map);
  }
  /* Where the customer pressed at ``downAt`` lands with the pointer at ``at``. */
  function dropAt(i, at) {
    var map = TP.map, from = map.latLngToContainerPoint([P.lat[i], P.lon[i]]);
    return map.containerPointToLatLng(from.add(at.subtract(downAt)));
  }
  function moveMove(ev) { if (ghost) { ghost.setLatLng(dropAt(M.index, ev.containerPoint)); } }
  function moveUp(ev) {
    if (M.index < 0) { return; }
    var i = M.index;
    M.index = -1;
    if (ghost) { ghost.remove(); ghost = null; }
    TP.map.dragging.enable();
    if (ev.containerPoint.distanceTo(downAt) < M.SLOP) { return; }  // a click, not a drag
    M.send(P.ids[i], dropAt(i, ev.containerPoint));
  }
  M.send = function (id, latlng) {
    TP.send({ type: "move", id: id, lat: latlng.lat, lon: latlng.lng });
  };
  TP.tools.move = {
    activate: function () {
      TP.map.on("mousedown", moveDown); TP.map.on("mousemove", moveMove);
      TP.map.on("mouseup", moveUp);
    },
    deactivate: function () {
      TP.map.off("mousedown", moveDown); TP.map.off("mousemove", moveMove);
      TP.map.off("mouseup", moveUp); TP.map.dragging.enable();
      M.index = -1;
      if (ghost) { ghost.remove(); ghost = null; }
    }
  };

  TP.onBoot(function (map) {
    group = L.featureGroup().addTo(map);
    map.on("moveend", function () {
      if (TP.tool === "edit" && E.territory && E.rings) { E.build(); }
    });
  });
})();
