/* Placing a customer (or a rep's home base) by hand. Python's ``place`` puts a draggable pin
 * at the best guess of where it is (planner/maps/pin.py) and the map flies there, zoomed in
 * to street level; offline (the outline for a background: no streets to tell apart) no
 * closer than OFFLINE_ZOOM, where the shop's neighbours, its territory's edges and the next
 * territory show where the pin is. A hint says what to do, with Confirm and Cancel (Enter,
 * Esc). The pin may be dragged as often as needed; Confirm sends ``move`` with its position.
 * However placing ends (confirmed, cancelled, or Python's ``unplace``: an undo, a dialog,
 * another plan), the pin and the hint go; the page says ``unplaced`` when it ended it itself. */
(function () {
  "use strict";
  var TP = window.TP;
  var Q = (TP.place = { pin: null, id: null, bar: null });
  var words = null, ok = null, cancel = null;
  /* Offline, the closest the map flies to: a town's customers and territory edges in view
   * (at street level the outline's plain background showed the pin and nothing else). */
  Q.OFFLINE_ZOOM = 13;

  function texts() {
    if (!Q.bar) { return; }
    words.textContent = TP.str.place_hint;
    ok.textContent = TP.str.place_confirm;
    cancel.textContent = TP.str.place_cancel;
  }

  /* Take the pin and the hint away; true when there was one. */
  function clear() {
    if (!Q.pin) { return false; }
    Q.pin.remove();
    Q.pin = null;
    Q.bar.style.display = "none";
    TP.messagesChanged();
    return true;
  }

  function end(confirmed) {
    var id = Q.id, at = Q.pin && Q.pin.getLatLng();
    if (!clear()) { return; }
    Q.id = null;
    if (confirmed) { TP.move.send(id, at); }
    TP.send({ type: "unplaced", id: id });
  }
  Q.confirm = function () { end(true); };
  Q.cancel = function () { end(false); };
  Q.active = function () { return !!Q.pin; };

  /* Fly to ``at`` zoomed in to at least ``zoom`` (a manager zoomed in further stays so),
   * offline to OFFLINE_ZOOM at most, unless the map shows it well already. */
  function show(at, zoom) {
    var map = TP.map, now = map.getZoom(), want = zoom || now;
    if (map.hasLayer(TP.layers.outline)) { want = Math.min(want, Q.OFFLINE_ZOOM); }
    var to = Math.max(want, now);
    if (to === now && map.getBounds().pad(-0.2).contains(at)) { return; }
    map.flyTo(at, to, { duration: 1 });
  }

  TP.on("place", function (msg) {
    clear();  // another placing replaces it (Python started this one: nothing to say)
    var at = msg.at ? L.latLng(msg.at[0], msg.at[1]) : TP.map.getCenter();
    Q.id = msg.id;
    Q.pin = L.marker(at, { draggable: true, keyboard: false, autoPan: true });
    // its name over it; beside it in a short map, where over it is under the tools' row
    var beside = TP.map.getContainer().classList.contains("tp-short");
    Q.pin.bindTooltip(TP.el("div", null, msg.label), { permanent: true,
      direction: beside ? "right" : "top", offset: beside ? [14, -22] : [0, -30] });
    Q.pin.addTo(TP.map);
    Q.bar.style.display = "block";
    TP.messagesChanged();
    if (msg.at) { show(at, msg.zoom); }
  });

  TP.on("unplace", function () { clear(); Q.id = null; });

  TP.onBoot(function () {
    Q.bar = TP.el("div", "tp-hint tp-place", null, TP.messages());
    Q.bar.style.display = "none";
    L.DomEvent.disableClickPropagation(Q.bar);  // a click on its buttons is not on the map
    words = TP.el("span", null, null, Q.bar);
    ok = TP.el("button", "tp-place-ok", null, Q.bar);
    cancel = TP.el("button", "tp-place-cancel", null, Q.bar);
    ok.type = cancel.type = "button";
    ok.addEventListener("click", Q.confirm);
    cancel.addEventListener("click", Q.cancel);
    texts();
    document.addEventListener("keydown", function (ev) {
      if (!Q.pin) { return; }
      if (ev.key === "Escape") { ev.preventDefault(); Q.cancel(); }
      else if (ev.key === "Enter") { ev.preventDefault(); Q.confirm(); }
    });
  });
  TP.onStrings(texts);
})();
