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

  /* The territory whose area holds ``latlng`` while the areas are on the map, else null. */
  T.territoryAt = function (latlng) {
    if (!TP.map || !T.polygons || !TP.map.hasLayer(T.polygons)) { return null; }
    for (var k = 0; k < T.list.length; k++) {
      var t = T.list[k];
      if (t.geometry && window.tpInside(t.geometry, latlng.lng, latlng.lat)) { return t; }
    }
    return null;
  };

  TP.onBoot(function (map) {
    map.on("moveend resize", function () { T.declutter(); });
  });
})();
