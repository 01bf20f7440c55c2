/* The map's controls in a small map (a 1280×720 laptop at 150 %: some 600×250 CSS pixels
 * beside the docks): the container gets ``tp-short`` and ``tp-narrow``, under which tp.css
 * runs the tools in one row beside the zoom buttons, drops the size control's label and
 * moves the notices to the foot of the map; the legend folds into its title (a click opens
 * it). Each control keeps clear of the others, at any size from 853×480 up. */
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
  }

  TP.fitControls = function () { fit(TP.map); };
  TP.onBoot(function (map) {
    fit(map);
    map.on("resize", function () { fit(map); });
  });
})();
