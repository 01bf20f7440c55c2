/* Territory polygons with labels, rep home bases, the legend, a day's route, the offline
 * outline base layer and the automatic switch to it when tiles fail. Text via textContent. */
(function () {
  "use strict";
  var TP = window.TP;
  var T = (TP.layers = { list: [], byId: {} });
  var FAIL_LIMIT = 4;
  var FAR_ZOOM = 10; // at this zoom and below, home diamonds are drawn small

  T.territory = function (index) { return index >= 0 && index < T.list.length ? T.list[index] : null; };

  function textIcon(className, text, color) {
    var e = TP.el("div", className, text);
    if (color) { e.style.setProperty("--tp-color", color); }
    return L.divIcon({ className: "tp-icon", html: e, iconSize: null });
  }

  /* Replace the territories; an item with ``keep`` reuses the boundary the page already has. */
  T.setTerritories = function (items) {
    var old = T.byId, oldShapes = T.shapes || {};
    T.list = items;
    T.byId = {};
    T.shapes = {};
    T.changed = {};
    TP.points.colors = items.map(function (t) { return t.color; });
    T.labels.clearLayers(); T.homes.clearLayers();
    items.forEach(function (t, index) {
      T.byId[t.id] = t;
      t.index = index;
      var style = { color: t.color, weight: 2.5, opacity: 0.9, fillColor: t.color, fillOpacity: 0.1 };
      if (t.keep && old[t.id] && oldShapes[t.id]) {
        t.geometry = old[t.id].geometry;
        T.shapes[t.id] = oldShapes[t.id];
        T.shapes[t.id].setStyle(style);
        delete oldShapes[t.id];
      } else if (t.geometry) {
        T.changed[t.id] = true;
        T.shapes[t.id] = L.geoJSON(t.geometry, { interactive: false, style: style }).addTo(T.polygons);
      }
      if (t.label) {
        var mark = L.marker(t.label, { icon: textIcon("tp-label", t.name, t.color),
          interactive: false, keyboard: false });
        mark.tpIndex = index;
        mark.addTo(T.labels);
      }
      if (t.home) {
        var home = L.marker(t.home, { icon: textIcon("tp-home", "", t.color), keyboard: false });
        home.bindTooltip(homeText(t), { direction: "top", offset: [0, -10] });
        home.on("mouseover", TP.points.hideTooltip);  // its own tip, not the area's under it
        home.tpTerritory = t;
        home.addTo(T.homes);
      }
    });
    Object.keys(oldShapes).forEach(function (id) { T.polygons.removeLayer(oldShapes[id]); });
    T.declutter();
    T.updateLegend();
    TP.points.redraw();
    if (TP.edit) { TP.edit.refresh(); }
  };

  function homeText(t) {
    return TP.el("div", null, TP.str.home + ": " + TP.bracket(t.rep || t.name, t.name));
  }

  /* The legend's title, also its button: a click folds the legend into it or opens it. */
  function legendTitle(box, text) {
    var title = TP.el("div", "tp-legend-title", text, box);
    title.setAttribute("role", "button");
    title.title = TP.str.fold;
    return title;
  }

  /* Fold the legend into its title (``folded``) or open it; a small map starts folded. */
  T.foldLegend = function (folded) {
    if (T.legendBox) { T.legendBox.classList.toggle("tp-folded", folded); }
    if (TP.placeMessages) { TP.placeMessages(); }
  };

  function legendRow(box, color, name, rep, count) {
    var row = TP.el("div", "tp-legend-row", null, box);
    var swatch = TP.el("span", "tp-swatch" + (color ? "" : " tp-swatch-none"), null, row);
    if (color) { swatch.style.background = color; }
    TP.el("span", "tp-legend-name", name, row);
    TP.el("span", "tp-legend-rep", rep, row);
    TP.el("span", "tp-legend-count", count, row);
  }

  /* Colour by rank: one row per rank (the territories stay on the map as outlines). */
  function rankLegend(box) {
    var P = TP.points, counts = new Int32Array(P.RANKS.length + 1);
    legendTitle(box, TP.str.rank);
    for (var i = 0; i < P.n; i++) { counts[P.RANKS.indexOf(P.rank[i]) + 1]++; }
    P.RANKS.forEach(function (r, k) { legendRow(box, P.RANK_COLORS[k], r, "", counts[k + 1]); });
    if (counts[0]) { legendRow(box, null, "—", "", counts[0]); }
  }

  /* Colour by visit day: one row per weekday that has customers, then several days, none. */
  function dayLegend(box) {
    var P = TP.points, colors = P.dayColors(), days = TP.config.days || [];
    var counts = new Int32Array(colors.length + 1);
    var keys = P.groups().keys;
    for (var i = 0; i < P.n; i++) { counts[keys[i] + 1]++; }
    legendTitle(box, TP.str.visit_day);
    days.forEach(function (d, k) {
      if (counts[k + 1]) { legendRow(box, colors[k], TP.str["day_" + d], "", counts[k + 1]); }
    });
    var several = colors.length - 1;
    if (counts[several + 1]) {
      legendRow(box, colors[several], TP.str.several_days, "", counts[several + 1]);
    }
    if (counts[0]) { legendRow(box, null, TP.str.no_visits, "", counts[0]); }
  }

  T.updateLegend = function () {
    var box = T.legendBox;
    if (!box) { return; }
    box.textContent = "";
    if (TP.points.colorBy === "rank") { rankLegend(box); return; }
    if (TP.points.colorBy === "weekday") { dayLegend(box); return; }
    legendTitle(box, TP.str.legend);
    var counts = new Int32Array(T.list.length + 1);
    var terr = TP.points.terr;
    for (var i = 0; terr && i < terr.length; i++) { counts[terr[i] + 1]++; }
    T.list.forEach(function (t, index) {
      legendRow(box, t.color, t.name, t.rep, counts[index + 1]);
    });
    if (counts[0]) { legendRow(box, null, TP.str.unassigned, "", counts[0]); }
  };

  /* The base map: ``gsi_pale``, ``gsi_std``, ``osm`` or ``outline`` (the bundled one). */
  T.setBase = function (name) {
    var target = name === "outline" ? T.outline : TP.bases[name];
    if (!target) { TP.reportError("unknown base map " + name); return; }
    Object.keys(TP.bases).concat(["outline"]).forEach(function (key) {
      var layer = key === "outline" ? T.outline : TP.bases[key];
      if (layer !== target && TP.map.hasLayer(layer)) { TP.map.removeLayer(layer); }
    });
    if (tileState[name] && !TP.map.hasLayer(target)) {  // asked for again: may fall back again
      tileState[name].failed = 0; tileState[name].switched = false;
    }
    if (!TP.map.hasLayer(target)) { target.addTo(TP.map); }
    T.chosen = name;
  };
  T.baseName = function () {
    if (TP.map.hasLayer(T.outline)) { return "outline"; }
    var keys = Object.keys(TP.bases).filter(function (k) { return TP.map.hasLayer(TP.bases[k]); });
    return keys.length ? keys[0] : null;
  };

  /* New language: the layer names in the control, the legend and the home tooltips. */
  TP.onStrings(function () {
    var names = [[T.outline, "outline"], [TP.points.layer, "customers"],
      [T.polygons, "territories"], [T.homes, "homes"], [T.route, "route"]];
    Object.keys(TP.bases).forEach(function (key) { names.push([TP.bases[key], key]); });
    TP.control._layers.forEach(function (item) {
      names.forEach(function (pair) { if (pair[0] === item.layer) { item.name = TP.str[pair[1]]; } });
    });
    TP.control._update();
    T.homes.eachLayer(function (home) {
      if (home.tpTerritory) { home.setTooltipContent(homeText(home.tpTerritory)); }
    });
    T.updateLegend();
  });

  T.showRoute = function (stops) {
    T.route.clearLayers();
    if (!stops.length) { return; }
    var latlngs = stops.map(function (s) { return [s[0], s[1]]; });
    L.polyline(latlngs, { color: "#1a237e", weight: 3, opacity: 0.85, interactive: false })
      .addTo(T.route);
    var number = 0;
    stops.forEach(function (s) {
      var mark = (s.length > 3 && s[3] !== null) ? s[3] : String(++number);
      if (mark === "") { return; } // the drive back to the start point: line only
      L.marker([s[0], s[1]], { icon: textIcon("tp-stop", mark), keyboard: false })
        .bindTooltip(TP.el("div", null, s[2]), { direction: "top" }).addTo(T.route);
    });
    if (!TP.map.hasLayer(T.route)) { T.route.addTo(TP.map); }
  };

  /* The outline of Japan, drawn from the bundled GeoJSON (no network). Its coast runs in
   * segments of about 5 km: zoomed in to a few wards (zoom OUTLINE_NEAR and more) it would
   * put the bay over 渋谷区, so it gives way to a plain background there. */
  var OUTLINE_NEAR = 11;
  var Outline = L.LayerGroup.extend({
    onAdd: function (map) {
      L.LayerGroup.prototype.onAdd.call(this, map);
      map.getContainer().classList.add("tp-offline");
      map.on("zoomend", this._near, this);
      this._near();
      if (this._loaded) { return; }
      this._loaded = true;
      var group = this;
      fetch(TP.config.outline).then(function (r) { return r.json(); }).then(function (gj) {
        L.geoJSON(gj, {
          interactive: false, pane: "tilePane",
          style: { color: "#8d8d8d", weight: 1, fillColor: "#f6f3ea", fillOpacity: 1,
                   className: "tp-outline" }
        }).addTo(group);
      }).catch(TP.reportError);
    },
    onRemove: function (map) {
      L.LayerGroup.prototype.onRemove.call(this, map);
      map.off("zoomend", this._near, this);
      map.getContainer().classList.remove("tp-offline", "tp-outline-near");
    },
    _near: function () {
      var map = this._map;
      if (map) {
        map.getContainer().classList.toggle("tp-outline-near", map.getZoom() >= OUTLINE_NEAR);
      }
    }
  });

  /* A base layer none of whose tiles load falls back to the outline, once each time it is
     put on the map (chosen again in the View menu or the layer list: a map left blank grey
     when the list's choice failed again). */
  var tileState = {};
  function watchTiles(map) {
    Object.keys(TP.bases).forEach(function (key) {
      var layer = TP.bases[key], s = (tileState[key] = { failed: 0, loaded: 0, switched: false });
      layer.on("add", function () { s.failed = 0; s.loaded = 0; s.switched = false; });
      layer.on("tileload", function () { s.loaded++; offlineBadge(false); });
      layer.on("tileerror", function () {
        s.failed++;
        if (!s.switched && s.loaded === 0 && s.failed >= FAIL_LIMIT && map.hasLayer(layer)) {
          s.switched = true;
          map.removeLayer(layer);
          T.outline.addTo(map);
          T.fellBackFrom = key;
          T.notice("offline");
          offlineBadge(true);
          TP.send({ type: "tiles", failed: s.failed, offline: true });
        }
      });
    });
  }

  /* While the outline stands in for tiles that failed, a small label in the map's corner
     says 「オフライン表示」 (the notice passes after 8 s, and the manager wondered why the
     map had no streets): its tooltip says why, a click loads the chosen tiles again; gone as
     soon as a tile loads. */
  var badge = null;
  function offlineBadge(on) {
    if (!badge) {
      if (!on) { return; }
      badge = L.control({ position: "bottomleft" });
      badge.onAdd = function () {
        var box = TP.el("div", "tp-offline-badge", TP.str.offline_badge);
        box.title = TP.str.offline_tip;
        box.setAttribute("role", "button");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(box, "click", function () {
          if (T.fellBackFrom) { T.setBase(T.fellBackFrom); }  // fails again: the outline again
        });
        return box;
      };
    }
    if (on === !!badge._map) { return; }
    if (on) { badge.addTo(TP.map); } else {
      badge.remove();
      T.fellBackFrom = null;
      TP.send({ type: "tiles", failed: 0, offline: false });
    }
    if (TP.placeMessages) { TP.placeMessages(); }  // the notices keep clear of it
  }
  T.offline = function () { return !!(badge && badge._map); };

  /* A passing notice of the text ``key`` names (TP.str), in the window's language even when
     it changes while the notice shows; the same notice again while it shows stays one box
     (two base maps offline one after the other), shown for its time from then. */
  var notices = [];
  T.notice = function (key) {
    var shown = notices.filter(function (n) { return n.key === key; })[0];
    if (!shown) {
      shown = { box: TP.el("div", "tp-notice", TP.str[key], TP.messages()), key: key };
      notices.push(shown);
      TP.messagesChanged();
    }
    clearTimeout(shown.timer);
    shown.timer = setTimeout(function () {
      L.DomUtil.remove(shown.box);
      notices.splice(notices.indexOf(shown), 1);
      TP.messagesChanged();  // a name kept clear of the notice goes back to its place
    }, 8000);
  };
  TP.onStrings(function () {
    notices.forEach(function (n) { n.box.textContent = TP.str[n.key]; });
    var box = badge && badge.getContainer();
    if (box) { box.textContent = TP.str.offline_badge; box.title = TP.str.offline_tip; }
  });

  TP.onBoot(function (map) {
    T.polygons = L.featureGroup().addTo(map);
    T.labels = L.featureGroup().addTo(map);
    T.homes = L.featureGroup().addTo(map);
    T.route = L.featureGroup().addTo(map);
    T.outline = new Outline();
    TP.control.addBaseLayer(T.outline, TP.str.outline);
    TP.control.addOverlay(TP.points.layer, TP.str.customers);
    TP.control.addOverlay(T.polygons, TP.str.territories);
    TP.control.addOverlay(T.homes, TP.str.homes);
    TP.control.addOverlay(T.route, TP.str.route);
    map.on("overlayadd overlayremove", function (ev) {
      if (ev.layer === T.polygons) {
        if (ev.type === "overlayadd") { T.labels.addTo(map); } else { map.removeLayer(T.labels); }
      }
      T.declutter();
    });
    // far out (the whole region in view) the reps' home diamonds shrink, so sixty of them
    // in one city do not heap up over each other and the territory names
    function scaleHomes() {
      var far = map.getZoom() <= FAR_ZOOM;
      L.DomUtil[far ? "addClass" : "removeClass"](map.getContainer(), "tp-far");
    }
    scaleHomes();
    map.on("zoomend", scaleHomes);
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      T.legendBox = L.DomUtil.create("div", "tp-legend");
      L.DomEvent.disableClickPropagation(T.legendBox);
      L.DomEvent.disableScrollPropagation(T.legendBox);
      L.DomEvent.on(T.legendBox, "click", function (ev) {
        if (ev.target.classList.contains("tp-legend-title")) {
          T.foldLegend(!T.legendBox.classList.contains("tp-folded"));
        }
      });
      T.updateLegend();
      return T.legendBox;
    };
    legend.addTo(map);
    watchTiles(map);
  });

  TP.on("territories", function (msg) {
    TP.points.hideTooltip();  // it names the territory and rep as they were
    T.setTerritories(msg.territories);
    TP.afterPaint(function () { TP.send({ type: "drawn", version: msg.version, count: TP.points.n }); });
  });
  TP.on("route", function (msg) { T.showRoute(msg.stops); });
  TP.on("base", function (msg) { T.setBase(msg.name); });
  TP.on("layers", function (msg) {
    var names = { customers: TP.points.layer, territories: T.polygons, labels: T.labels,
      homes: T.homes, route: T.route };
    Object.keys(msg.visible).forEach(function (key) {
      var layer = names[key];
      if (!layer) { return; }
      if (msg.visible[key]) { layer.addTo(TP.map); } else { TP.map.removeLayer(layer); }
    });
  });
})();
