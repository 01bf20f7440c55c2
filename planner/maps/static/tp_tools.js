/* The toolbar (pan/select, lasso, rectangle, edit, draw, move) and the data messages:
 * load (fetch the data document from the scheme), recolor, fit, style. */
(function () {
  "use strict";
  var TP = window.TP;
  var P = TP.points;
  var TOOLS = ["pan", "lasso", "rect", "edit", "draw", "move"];

  function drawn(version) {
    TP.afterPaint(function () { TP.send({ type: "drawn", version: version, count: P.n }); });
  }

  var latestLoad = 0;
  TP.on("load", function (msg) {
    var t0 = performance.now(), t1 = 0;
    latestLoad = msg.version;
    TP.holdMessages();
    fetch(msg.url).then(function (r) {
      if (!r.ok) { throw new Error("data " + r.status); }
      return r.json();
    }).then(function (d) {
      if (msg.version !== latestLoad) { return; }  // a newer document is on its way
      t1 = performance.now();
      if (msg.fit && d.points.n) {
        var b = P.boundsOf(d.points);
        if (b.isValid()) { TP.fitBounds(b, 20); }
      }
      TP.layers.setTerritories(d.territories);
      P.setData(d.points);
      TP.layers.declutter();  // the names ranked by these customers, not the last plan's
      console.log("TP timing: fetch+parse " + (t1 - t0).toFixed(0) + " ms, draw " +
        (performance.now() - t1).toFixed(0) + " ms");
      TP.layers.updateLegend();
      TP.hasData = true;
      drawn(msg.version);
      TP.releaseMessages();
    }).catch(function (err) {
      if (msg.version !== latestLoad) { return; }
      TP.releaseMessages();
      TP.reportError(err);
    });
  });

  TP.on("recolor", function (msg) {
    P.recolor(msg);
    // customers changed territory: the names ranked again (a design's Apply sends the
    // territories first, its new one then counted no customer and its name gave way)
    TP.layers.declutter();
    TP.layers.updateLegend();
    drawn(msg.version);
  });

  TP.on("patch", function (msg) { P.patch(msg); });

  TP.on("days", function (msg) {
    P.setDays(msg.days);
    if (P.colorBy === "weekday") { TP.layers.updateLegend(); }
    drawn(msg.version);
  });

  TP.on("fit", function (msg) { TP.fitBounds(msg.bounds, 30); });
  TP.on("style", function (msg) {
    if (msg.sizeBy) {
      P.sizeBy = msg.sizeBy;
      if (TP.sizeSelect) { TP.sizeSelect.value = msg.sizeBy; }
    }
    if (msg.colorBy) { P.colorBy = msg.colorBy; TP.layers.updateLegend(); }
    P.redraw();
  });

  var hint = null;
  TP.toolbar = {
    update: function () {
      TOOLS.forEach(function (name) {
        var b = TP.toolbar.buttons[name];
        if (b) { b.classList.toggle("tp-active", TP.tool === name); }
      });
      var text = TP.tool === "draw" ? TP.str.draw_hint : TP.tool === "edit" ? TP.str.edit_hint : "";
      if (hint) {
        hint.textContent = text;
        hint.style.display = text ? "block" : "none";
        TP.messagesChanged();
      }
    },
    buttons: {}
  };

  TP.onBoot(function (map) {
    var bar = L.control({ position: "topleft" });
    bar.onAdd = function () {
      var box = L.DomUtil.create("div", "tp-toolbar leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      TOOLS.forEach(function (name) {
        var b = TP.el("a", "tp-tool", null, box);
        b.href = "#";
        b.setAttribute("role", "button");
        b.dataset.tool = name;
        L.DomEvent.on(b, "click", function (ev) { L.DomEvent.preventDefault(ev); TP.setTool(name); });
        TP.toolbar.buttons[name] = b;
      });
      return box;
    };
    bar.addTo(map);
    var sizes = L.control({ position: "topright" });
    sizes.onAdd = function () {
      var box = L.DomUtil.create("label", "tp-sizeby");
      L.DomEvent.disableClickPropagation(box);
      TP.sizeLabel = TP.el("span", null, null, box);
      var select = TP.el("select", null, null, box);
      ["none", "sales", "rank"].forEach(function (key) {
        TP.el("option", null, null, select).value = key;
      });
      select.addEventListener("change", function () { P.sizeBy = select.value; P.redraw(); });
      TP.sizeSelect = select;
      return box;
    };
    sizes.addTo(map);
    hint = TP.el("div", "tp-hint", "", TP.messages());
    texts();
  });

  /* Every text of the toolbar and the size control, in the current language. */
  function texts() {
    var S = TP.str;
    TOOLS.forEach(function (name) {
      var b = TP.toolbar.buttons[name];
      if (b) { b.textContent = S["short_" + name]; b.title = S["tool_" + name]; }
    });
    if (TP.sizeLabel) { TP.sizeLabel.textContent = S.size_by + " "; }
    if (TP.sizeSelect) {
      TP.sizeSelect.title = S.size_by;  // its label is hidden in a narrow map
      Array.prototype.forEach.call(TP.sizeSelect.options, function (o) {
        o.textContent = S["size_" + o.value];
      });
    }
    window.tpLeafletWords(TP.map, S);  // Leaflet's own buttons ("Zoom in", "Layers")
    TP.toolbar.update();
  }
  TP.onStrings(texts);
})();
