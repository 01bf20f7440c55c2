/* The window map's territory names: placed inside their territories for every view by
 * tp_label_place.js (see there), ranked by the customers each territory has now: run again
 * when they change territory or arrive (tp_tools.js), on every move and once fonts load.
 * The pointer over a territory's area names it and its rep (T.territoryAt, the hover tip of
 * tp_points.js): far out a small territory's name may have no room left beside its
 * neighbours', and the manager still tells which area is whose. */
(function () {
  "use strict";
  var TP = window.TP;
  var T = TP.layers;

  T.declutter = function () {
    var map = TP.map;
    if (!map || !T.labels || !map.hasLayer(T.labels)) { return; }
    var counts = new Int32Array(T.list.length + 1), terr = TP.points.terr;
    for (var i = 0; terr && i < terr.length; i++) { counts[terr[i] + 1]++; }
    var names = [], homes = [];
    T.labels.eachLayer(function (marker) {
      var el = marker.getElement(), label = el && el.firstChild, t = T.territory(marker.tpIndex);
      if (!label || !t) { return; }
      names.push({ marker: marker, label: label, geometry: t.geometry, usual: t.label,
        rank: counts[marker.tpIndex + 1], owner: marker.tpIndex });
    });
    if (map.hasLayer(T.homes)) {
      T.homes.eachLayer(function (home) {
        var el = home.getElement();
        if (el && el.firstChild) {  // whose diamond: a name keeps a gap from the others'
          el.firstChild.tpOwner = home.tpTerritory ? home.tpTerritory.index : -1;
          homes.push(el.firstChild);
        }
      });
    }
    window.tpPlaceNames(map, names, homes);
  };

  /* Measure the names again (a name measured before its font had loaded) and place them. */
  T.remeasureLabels = function () {
    if (T.labels) { T.labels.eachLayer(function (marker) { marker.tpSize = null; }); }
    T.declutter();
  };
  if (document.fonts && document.fonts.addEventListener) {
    document.fonts.addEventListener("loadingdone", function () { T.remeasureLabels(); });
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
   * and separate parts count). */
  function inside(geometry, x, y) {
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
  }

  /* The territory whose area holds ``latlng`` while the areas are on the map, else null. */
  T.territoryAt = function (latlng) {
    if (!TP.map || !T.polygons || !TP.map.hasLayer(T.polygons)) { return null; }
    for (var k = 0; k < T.list.length; k++) {
      var t = T.list[k];
      if (t.geometry && inside(t.geometry, latlng.lng, latlng.lat)) { return t; }
    }
    return null;
  };

  TP.onBoot(function (map) {
    map.on("moveend resize", function () { T.declutter(); });
  });
})();
