/* Leaflet writes its own controls' words in English ("Zoom in", "Zoom out", "Layers", the
 * credit's "A JavaScript library for interactive maps"). Both map pages, the window's and
 * the shared HTML file, name them in the page's language with this one function, the words
 * from planner/maps/leaflet_words.py (tr(), so the Japanese ones are in ja.json). */
(function () {
  "use strict";
  /* Name ``map``'s zoom and layer buttons with ``words`` (zoom_in, zoom_out, layers): the
   * tooltip (title) and what a screen reader says (aria-label). Call it again when the
   * language changes or after adding a layer control. */
  window.tpLeafletWords = function (map, words) {
    var box = map.getContainer();
    [[".leaflet-control-zoom-in", words.zoom_in], [".leaflet-control-zoom-out", words.zoom_out],
     [".leaflet-control-layers-toggle", words.layers]].forEach(function (pair) {
      var e = box.querySelector(pair[0]);
      if (e && pair[1]) { e.title = pair[1]; e.setAttribute("aria-label", pair[1]); }
    });
    // the credit keeps Leaflet's name and link, not its English tooltip
    var credit = map.attributionControl, prefix = credit && credit.options.prefix;
    if (typeof prefix === "string" && / title="[^"]*"/.test(prefix)) {
      credit.setPrefix(prefix.replace(/ title="[^"]*"/g, ""));
    }
  };
})();
