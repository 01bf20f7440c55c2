/* The map's controls in a small map (a 1280×720 laptop at 150 %: some 600×250 CSS pixels
 * beside the docks): the container gets ``tp-short`` and ``tp-narrow``, under which tp.css
 * runs the tools in one row beside the zoom buttons, drops the size control's label and
 * moves the notices to the foot of the map; the legend folds into its title (a click opens
 * it). Each control keeps clear of the others, at any size from 853×480 up: an opened
 * legend in a small map takes the foot's right-hand side, so the messages (a tool's hint,
 * the tiles' notice) stand above the scale, left of it; at their height the messages keep
 * between the controls on either side, also of the layer list while it is open. */
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
   * where tp.css puts them (the top's middle, or the foot's); then, at that height, between
   * the controls on either side: an opened layer list reaches down from the top right
   * corner, past a notice at the top or at the foot of a small map. */
  function placeMessages(map) {
    var box = map.getContainer(), messages = box.querySelector(".tp-messages");
    var legend = TP.layers.legendBox, scale = box.querySelector(".leaflet-control-scale");
    if (!messages) { return; }
    var style = messages.style;
    style.left = style.bottom = style.maxWidth = style.transform = "";
    var at = box.getBoundingClientRect();
    if (compact && legend && !legend.classList.contains("tp-folded") && scale) {
      style.bottom = Math.round(at.bottom - scale.getBoundingClientRect().top + 6) + "px";
    }
    style.visibility = "";
    if (!messages.getBoundingClientRect().height) { return; }  // nothing shown
    // as wide as the room between the controls beside it; narrower, it may wrap to more
    // lines and so meet other controls: measured again (the room only ever narrows)
    var left = 0, right = at.width;
    for (var pass = 0; pass < 3 && right - left >= MIN_WIDTH; pass++) {
      var span = room(box, messages.getBoundingClientRect());
      left = Math.max(left, span[0]);
      right = Math.min(right, span[1]);
      style.left = Math.round((left + right) / 2) + "px";
      style.transform = "translateX(-50%)";
      style.maxWidth = Math.floor(right - left) + "px";
    }
    // no room (a tiny map): where tp.css puts them; hidden while the layer list is open (the
    // pointer is on it), back when it closes (the tiles' notice is in the status bar too)
    if (right - left < MIN_WIDTH) {
      style.left = style.maxWidth = style.transform = "";
      var list = TP.control.getContainer();
      if (list.classList.contains("leaflet-control-layers-expanded")) {
        style.visibility = "hidden";
      }
    }
  }

  var GAP = 8;  // between the messages and a control
  var MIN_WIDTH = 120;
  /* [left, right] (in the map) between the controls left and right of the middle that
   * share the height of ``rect`` (a box on the page, the messages'). */
  function room(box, rect) {
    var at = box.getBoundingClientRect(), left = GAP, right = at.width - GAP;
    Array.prototype.forEach.call(box.querySelectorAll(".leaflet-control"), function (el) {
      var r = el.getBoundingClientRect();
      if (!r.width || !r.height || r.bottom + GAP <= rect.top || r.top - GAP >= rect.bottom) {
        return;
      }
      if (r.left + r.right < 2 * at.left + at.width) {
        left = Math.max(left, r.right - at.left + GAP);
      } else {
        right = Math.min(right, r.left - at.left - GAP);
      }
    });
    return [left, right];
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
    if (window.ResizeObserver) {  // a notice shown or gone, the layer list opened or closed
      // (placed in the next frame: a size changed inside the observer's call is an error)
      var watch = new ResizeObserver(function () {
        requestAnimationFrame(function () { placeMessages(map); });
      });
      watch.observe(TP.messages());
      watch.observe(TP.control.getContainer());
    }
  });
})();
