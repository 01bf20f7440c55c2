/* The map's controls in a small map (a 1280×720 laptop at 150 %: some 600×250 CSS pixels
 * beside the docks): the container gets ``tp-short`` and ``tp-narrow``, under which tp.css
 * runs the tools in one row beside the zoom buttons, drops the size control's label and
 * moves the notices to the foot of the map; the legend folds into its title (a click opens
 * it). Each control keeps clear of the others, at any size from 853×480 up: an opened
 * legend in a small map takes the foot's right-hand side, so the messages (a tool's hint,
 * the tiles' notice) stand above the scale, left of it; at their height the messages keep
 * between the controls on either side, also of the layer list while it is open (where no
 * room is left beside an opened legend, the legend folds for them). An opened
 * layer list keeps right of the tools' row (作図, 位置移動 … beside the zoom buttons), its
 * names wrapping and its choices scrolling within the height left above the foot's controls. */
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
    placeList(map);
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
    // still meeting a control at their last width (wrapped to more lines): no room either
    var last = room(box, messages.getBoundingClientRect());
    var blocked = right - left < MIN_WIDTH || last[0] > left + 1 || last[1] < right - 1;
    // no room beside an opened legend in a small map (the hint wrapped up into the tools'
    // row): the legend folds into its title, the messages take the foot
    var opened = legend && !legend.classList.contains("tp-folded");
    if (blocked && compact && opened) {
      TP.layers.foldLegend(true);  // places the messages again
      return;
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

  var MIN_LIST = 90;  // the least height of the list's choices above the foot's controls
  /* The opened layer list within the room the other controls leave it: as wide as the room
   * right of the top-left controls beside it (in a small map the tools' row reaches under a
   * list as wide as its names), as tall as the room above the bottom-right ones, its choices
   * scrolling. It stays at the top right corner, under the pointer that opened it. */
  function placeList(map) {
    var control = TP.control, list = control.getContainer(), section = control._section;
    list.style.maxWidth = "";
    list.classList.remove("tp-squeezed");
    if (!list.classList.contains("leaflet-control-layers-expanded") || !section) { return; }
    section.style.height = "";  // its own height first (Leaflet's was for another width)
    section.classList.remove("leaflet-control-layers-scrollbar");
    // twice: a scroll bar the height calls for widens the list, a narrower one is taller
    for (var pass = 0; pass < 2; pass++) {
      var r = list.getBoundingClientRect(), left = leftOf(map, r);
      if (r.left < left) {
        list.style.maxWidth = Math.floor(r.right - left) + "px";
        list.classList.add("tp-squeezed");  // a name wraps beside its button
      }
      var height = roomBelow(map, list, section);
      if (height < section.scrollHeight) {
        section.classList.add("leaflet-control-layers-scrollbar");
        section.style.height = Math.max(height, MIN_LIST) + "px";
      }
    }
  }

  /* Where (on the page) the room right of the top-left controls beside ``r`` begins. */
  function leftOf(map, r) {
    var box = map.getContainer(), left = box.getBoundingClientRect().left + GAP;
    var beside = box.querySelectorAll(".leaflet-top.leaflet-left .leaflet-control");
    Array.prototype.forEach.call(beside, function (el) {
      var t = el.getBoundingClientRect();
      if (t.width && t.bottom + GAP > r.top && t.top < r.bottom + GAP) {
        left = Math.max(left, t.right + GAP);
      }
    });
    return left;
  }

  /* The height the list's choices have above the bottom-right controls under the list (the
   * map's foot when that leaves them less than MIN_LIST: an opened legend), with the controls
   * the list pushes down (the size control) between. */
  function roomBelow(map, list, section) {
    var box = map.getContainer(), at = box.getBoundingClientRect();
    var r = list.getBoundingClientRect(), s = section.getBoundingClientRect();
    var bottom = at.bottom - GAP, after = r.bottom;
    for (var el = list.nextElementSibling; el; el = el.nextElementSibling) {
      var e = el.getBoundingClientRect();
      if (e.height) { after = Math.max(after, e.bottom); }
    }
    var below = box.querySelectorAll(".leaflet-bottom.leaflet-right .leaflet-control");
    Array.prototype.forEach.call(below, function (el) {
      var b = el.getBoundingClientRect();
      if (b.width && b.left < r.right && r.left < b.right
          && b.top - GAP - (after - s.bottom) - s.top >= MIN_LIST) {
        bottom = Math.min(bottom, b.top - GAP);
      }
    });
    return Math.floor(bottom - s.top - (after - s.bottom));
  }

  TP.placeMessages = function () { if (TP.map) { placeMessages(TP.map); } };
  TP.fitControls = function () { fit(TP.map); };
  TP.onBoot(function (map) {
    var update = TP.layers.updateLegend;  // a legend of other rows has another width
    TP.layers.updateLegend = function () {
      update.apply(this, arguments);
      placeMessages(map);
    };
    var expand = TP.control.expand;  // (on the pointer's rest, and again on new names)
    TP.control.expand = function () {
      expand.apply(this, arguments);
      placeList(map);
      return this;
    };
    fit(map);
    map.on("resize", function () { fit(map); });
    if (window.ResizeObserver) {  // a notice shown or gone, the layer list opened or closed
      // (placed in the next frame: a size changed inside the observer's call is an error)
      // (and the tools' row of new names: the list beside it placed again); then the
      // territories' names, clear of the boxes as they now are (a message of other lines in
      // another language, the list opened over a name; TP.messagesChanged does it at once
      // for a message shown or gone)
      var watch = new ResizeObserver(function () {
        requestAnimationFrame(function () {
          placeList(map); placeMessages(map); TP.layers.declutter();
        });
      });
      watch.observe(TP.messages());
      watch.observe(TP.control.getContainer());
      watch.observe(map.getContainer().querySelector(".tp-toolbar"));
    }
  });
})();
