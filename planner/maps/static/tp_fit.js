/* The map's controls in a small map (a 1280×720 laptop at 150 %: some 600×250 CSS pixels
 * beside the docks): the container gets ``tp-short`` and ``tp-narrow``, under which tp.css
 * runs the tools in one row beside the zoom buttons, drops the size control's label and
 * moves the notices to the foot of the map; the legend folds into its title (a click opens
 * it). Each control keeps clear of the others, at any size from 853×480 up: an opened
 * legend in a small map takes the foot's right-hand side, so the messages (a tool's hint,
 * the tiles' notice) stand above the scale, left of it. */
(function () {
  "use strict";
  var TP = window.TP;
  var SHORT = 360;  // below this height the tools (six rows) would run into the scale
  var NARROW = 720;  // below this width the legend and the size label would cover the map
  var compact = null;

  function fit(map) {
    var size = map.getSize(), box = map.getContainer();
    var isShort = size.y < SHORT, isNarrow = size.x < NARROW;
    box.classList.toggle("tp-short", isShort);
    box.classList.toggle("tp-narrow", isNarrow);
    if ((isShort || isNarrow) !== compact) {
      compact = isShort || isNarrow;
      TP.layers.foldLegend(compact);  // a manager's own fold stays until the size class changes
    }
    placeMessages(map);
  }

  /* The messages above the scale and left of an opened legend in a small map; elsewhere
   * where tp.css puts them. */
  function placeMessages(map) {
    var box = map.getContainer(), messages = box.querySelector(".tp-messages");
    var legend = TP.layers.legendBox, scale = box.querySelector(".leaflet-control-scale");
    if (!messages) { return; }
    var style = messages.style;
    style.left = style.bottom = style.maxWidth = style.transform = "";
    if (!compact || !legend || legend.classList.contains("tp-folded") || !scale) { return; }
    var at = box.getBoundingClientRect(), beside = legend.getBoundingClientRect();
    var under = scale.getBoundingClientRect();
    style.left = "10px";
    style.transform = "none";
    style.bottom = Math.round(at.bottom - under.top + 6) + "px";
    style.maxWidth = Math.max(120, Math.round(beside.left - at.left - 20)) + "px";
  }

  /* Zoom to ``bounds`` in the part of the map the controls leave free: right of the tools
   * and left of an opened legend (a territory fitted under the legend hid its east side),
   * when that part is wide enough; else over the whole map, ``pad`` pixels in. */
  TP.fitBounds = function (bounds, pad) {
    var map = TP.map, box = map.getContainer().getBoundingClientRect();
    var tools = map.getContainer().querySelector(".tp-toolbar");
    var legend = TP.layers.legendBox;
    var left = pad, right = pad;
    if (tools && !compact) { left = Math.max(pad, tools.getBoundingClientRect().right - box.left + 10); }
    if (legend && !legend.classList.contains("tp-folded")) {
      var at = legend.getBoundingClientRect();
      if (at.width > 0) { right = Math.max(pad, box.right - at.left + 10); }
    }
    if (box.width - left - right < Math.max(240, box.width / 2)) { left = right = pad; }
    map.fitBounds(bounds, { paddingTopLeft: [left, pad], paddingBottomRight: [right, pad],
      animate: false });
  };

  TP.placeMessages = function () { if (TP.map) { placeMessages(TP.map); } };
  TP.fitControls = function () { fit(TP.map); };
  TP.onBoot(function (map) {
    var update = TP.layers.updateLegend;  // a legend of other rows has another width
    TP.layers.updateLegend = function () {
      update.apply(this, arguments);
      placeMessages(map);
    };
    fit(map);
    map.on("resize", function () { fit(map); });
  });
})();
