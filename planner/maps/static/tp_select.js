/* Selection tools: click (shift adds), lasso (free-hand polygon) and rectangle.
 * The page only proposes ids; Python sets the document's selection and sends it back. */
(function () {
  "use strict";
  var TP = window.TP;
  var P = TP.points;
  var S = (TP.select = {});
  TP.tools = TP.tools || {};
  TP.tool = "pan";

  TP.setTool = function (name) {
    if (!TP.tools[name]) { throw new Error("unknown tool " + name); }
    var old = TP.tools[TP.tool];
    if (old && old.deactivate) { old.deactivate(); }
    TP.tool = name;
    var tool = TP.tools[name];
    if (tool.activate) { tool.activate(); }
    if (TP.toolbar) { TP.toolbar.update(); }
  };

  /* Ray casting in Web Mercator units (rings: arrays of [x, y]). */
  function inRing(x, y, ring) {
    var inside = false;
    for (var a = 0, b = ring.length - 1; a < ring.length; b = a++) {
      var xa = ring[a][0], ya = ring[a][1], xb = ring[b][0], yb = ring[b][1];
      if ((ya > y) !== (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa) { inside = !inside; }
    }
    return inside;
  }
  S.inRing = inRing;

  function toWorld(latlng) {
    var p = TP.map.project(L.latLng(latlng), 0);
    return [p.x, p.y];
  }
  S.toWorld = toWorld;

  /* Ids of the customers inside the polygon ``latlngs`` ([[lat, lon], …]). */
  S.idsInPolygon = function (latlngs) {
    var ring = latlngs.map(toWorld);
    var minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    ring.forEach(function (p) {
      minx = Math.min(minx, p[0]); maxx = Math.max(maxx, p[0]);
      miny = Math.min(miny, p[1]); maxy = Math.max(maxy, p[1]);
    });
    var ids = [];
    for (var i = 0; i < P.n; i++) {
      var x = P.wx[i], y = P.wy[i];
      if (x >= minx && x <= maxx && y >= miny && y <= maxy && inRing(x, y, ring)) { ids.push(P.ids[i]); }
    }
    return ids;
  };

  /* Plain comparisons: a customer without a position (NaN) is simply outside, where
     Leaflet's bounds.contains would throw on it. */
  S.idsInBounds = function (bounds) {
    var b = L.latLngBounds(bounds), ids = [];
    var south = b.getSouth(), north = b.getNorth(), west = b.getWest(), east = b.getEast();
    for (var i = 0; i < P.n; i++) {
      var lat = P.lat[i], lon = P.lon[i];
      if (lat >= south && lat <= north && lon >= west && lon <= east) { ids.push(P.ids[i]); }
    }
    return ids;
  };

  S.send = function (ids, add) { TP.send({ type: "select", ids: ids, mode: add ? "add" : "replace" }); };

  /* Free-hand and rectangle gestures share the press-drag-release plumbing. */
  function gesture(onMove, onEnd) {
    var active = false, map = null;
    function down(ev) {
      if (ev.originalEvent.button !== 0) { return; }
      active = true;
      onMove(ev.latlng, true);
      L.DomEvent.preventDefault(ev.originalEvent);
    }
    function move(ev) { if (active) { onMove(ev.latlng, false); } }
    function up(ev) {
      if (!active) { return; }
      active = false;
      onEnd(ev.originalEvent.shiftKey);
    }
    return {
      activate: function () {
        map = TP.map;
        map.dragging.disable(); map.boxZoom.disable();
        map.getContainer().classList.add("tp-crosshair");
        map.on("mousedown", down); map.on("mousemove", move); map.on("mouseup", up);
      },
      deactivate: function () {
        map.off("mousedown", down); map.off("mousemove", move); map.off("mouseup", up);
        map.dragging.enable(); map.boxZoom.enable();
        map.getContainer().classList.remove("tp-crosshair");
        active = false;
      }
    };
  }

  var lassoLine = null, lassoPts = [];
  TP.tools.lasso = gesture(function (ll, first) {
    if (first) { lassoPts = []; }
    lassoPts.push([ll.lat, ll.lng]);
    if (!lassoLine) {
      lassoLine = L.polyline([], { color: "#000", weight: 1.5, dashArray: "4 4", interactive: false })
        .addTo(TP.map);
    }
    lassoLine.setLatLngs(lassoPts);
  }, function (add) { TP.tools.lasso.finish(lassoPts, add); });
  TP.tools.lasso.finish = function (latlngs, add) {
    if (lassoLine) { lassoLine.remove(); lassoLine = null; }
    if (latlngs.length >= 3) { S.send(S.idsInPolygon(latlngs), add); }
  };

  function alsoOnDeactivate(tool, fn) {
    var base = tool.deactivate;
    tool.deactivate = function () { base(); fn(); };
  }
  alsoOnDeactivate(TP.tools.lasso, function () {
    if (lassoLine) { lassoLine.remove(); lassoLine = null; }
  });

  var rectShape = null, rectStart = null, rectEnd = null;
  TP.tools.rect = gesture(function (ll, first) {
    if (first) { rectStart = ll; }
    rectEnd = ll;
    var b = L.latLngBounds(rectStart, rectEnd);
    if (!rectShape) {
      rectShape = L.rectangle(b, { color: "#000", weight: 1.5, dashArray: "4 4", fillOpacity: 0.05,
        interactive: false }).addTo(TP.map);
    } else { rectShape.setBounds(b); }
  }, function (add) { TP.tools.rect.finish([rectStart, rectEnd], add); });
  TP.tools.rect.finish = function (corners, add) {
    if (rectShape) { rectShape.remove(); rectShape = null; }
    if (corners[0] && corners[1]) { S.send(S.idsInBounds(corners), add); }
  };

  alsoOnDeactivate(TP.tools.rect, function () {
    if (rectShape) { rectShape.remove(); rectShape = null; }
  });

  /* Pan tool: drag pans; a click picks the customer under the cursor. */
  function click(ev) {
    var i = P.hit(ev.containerPoint);
    var add = ev.originalEvent.shiftKey;
    if (i >= 0) { S.send([P.ids[i]], add); } else if (!add) { S.send([], false); }
  }
  TP.tools.pan = {
    activate: function () { TP.map.on("click", click); },
    deactivate: function () { TP.map.off("click", click); }
  };
  S.click = click;

  /* Escape abandons the gesture in progress (lasso, rectangle, drawing) and returns to panning. */
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && TP.tool !== "pan") { TP.setTool("pan"); }
  });

  /* Right click: the window shows its menu of the selected customers (on a customer: that
   * one's, unless it is selected already). */
  S.menu = function (ev) {
    if (ev.originalEvent && ev.originalEvent.preventDefault) { ev.originalEvent.preventDefault(); }
    var i = P.hit(ev.containerPoint);
    TP.send({ type: "menu", x: ev.containerPoint.x, y: ev.containerPoint.y,
      id: i >= 0 ? P.ids[i] : "" });
  };

  TP.on("selection", function (msg) { P.setSelection(msg.idx); });
  TP.on("tool", function (msg) { TP.setTool(msg.name); });
  TP.onBoot(function (map) { TP.tools.pan.activate(); map.on("contextmenu", S.menu); });
})();
