/* A rep's day on the shared map (export --html; share.py inlines it after share_page.js and
 * works through the TP_SHARE that leaves). The rep's morning question: where am I going
 * today, in what order? A control beside the point colour box (folded until tapped) picks a
 * rep and one of their calendar days; the map then shows that day's stops only, each with
 * its stop number in the territory's colour, the straight line home → stops → home (no
 * roads: the page asks no server), zoomed to them, and the day's figures in one line.
 * 「すべての顧客に戻る」 is one tap. The link ``share.html#rep=T01&day=2026-12-07`` opens
 * straight into a day (``day=w1-mon`` for a calendar without dates); unknown values open
 * the whole map. The day's stops are found in the visits the popup gets (per customer: day
 * index, stop number, arrival index); ``data.day_view`` adds each rep-day's figures. */
(function () {
  "use strict";
  var S = window.TP_SHARE;
  if (!S) { return; }
  var data = S.data, D = data.day_view;
  S.day = null;
  if (!D || !data.customers.stops) { return; }
  var map = S.map, cs = data.customers, st = cs.stops, terrs = data.territories, W = D.labels;
  var byRep = terrs.map(function () { return []; });  // each rep's days: rows of D
  for (var r = 0; r < D.t.length; r++) { byRep[D.t[r]].push(r); }
  var layer = L.layerGroup().addTo(map);  // the day's route and numbered stops
  var current = null;

  /* Rep ``k``'s stops on day ``day`` (an index of st.days) in calendar order: [stop, i, time]. */
  function stopsOf(k, day) {
    var out = [];
    for (var i = 0; i < cs.t.length; i++) {
      if (cs.t[i] !== k) { continue; }
      var v = st.visits[i];
      for (var j = 0; j < v.length; j += 3) {
        if (v[j] === day) { out.push([v[j + 1], i, v[j + 2]]); }
      }
    }
    return out.sort(function (a, b) { return a[0] - b[0]; });
  }
  function rowOf(k, day) {  // the day's figures, -1 when the rep has no such day
    for (var j = 0; j < byRep[k].length; j++) {
      if (D.day[byRep[k][j]] === day) { return byRep[k][j]; }
    }
    return -1;
  }
  function ink(colour) {  // black on a light territory colour, white on a dark one
    var r = parseInt(colour.slice(1, 3), 16), g = parseInt(colour.slice(3, 5), 16);
    var b = parseInt(colour.slice(5, 7), 16);
    return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#111111" : "#ffffff";
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all; });
  }
  function summaryText(k, day, row) {
    var t = terrs[k], n = D.n[row];
    return fill(n === 1 ? W.summary_one : W.summary, {
      day: st.days[day], rep: t.rep || t.name, n: n, km: D.km[row].toFixed(1),
      start: D.start[k], end: D.end[row] });
  }

  /* Rep ``k``'s day ``day`` on the map (``fit``: zoomed to it); false when there is no such day. */
  function show(k, day, fit) {
    var row = k >= 0 && k < terrs.length ? rowOf(k, day) : -1;
    if (row < 0) { return false; }
    layer.clearLayers();
    var t = terrs[k], stops = stopsOf(k, day), mask = new Uint8Array(cs.t.length);
    var path = t.home ? [t.home] : [];
    stops.forEach(function (s) { mask[s[1]] = 1; path.push([cs.lat[s[1]], cs.lon[s[1]]]); });
    if (t.home) { path.push(t.home); }
    S.points.only(mask);  // the other customers off the map
    if (path.length > 1) {  // straight lines, a white casing under the territory's colour
      L.polyline(path, { color: "#ffffff", weight: 7, opacity: 0.9, interactive: false })
        .addTo(layer);
      L.polyline(path, { color: t.color, weight: 4, opacity: 0.95, interactive: false })
        .addTo(layer);
    }
    if (t.home) {
      L.circleMarker(t.home, { radius: 8, weight: 3, color: "#000000", fillColor: t.color,
        fillOpacity: 1, interactive: false }).addTo(layer);
    }
    stops.forEach(function (s) {
      var el = document.createElement("div");
      el.className = "tp-stop-no";
      el.textContent = s[0];
      el.style.background = t.color;
      el.style.color = ink(t.color);
      var marker = L.marker([cs.lat[s[1]], cs.lon[s[1]]], { keyboard: false,
        icon: L.divIcon({ className: "tp-icon", html: el, iconSize: [26, 26] }),
        zIndexOffset: 1000 - s[0] }).addTo(layer);  // stop 1 on top of a later one
      marker.on("click", function () { S.points.showPopup(s[1]); });
      marker.on("mouseover", function () { S.points.showTip(s[1]); });
    });
    current = { k: k, day: day, row: row, stops: stops, path: path };
    say(k, day, row, stops.length);
    if (fit && path.length) {  // clear of the control above them (tall on a phone)
      var top = box.getBoundingClientRect().bottom - map.getContainer().getBoundingClientRect().top;
      map.fitBounds(L.latLngBounds(path), { paddingTopLeft: [30, Math.max(40, top + 20)],
                                            paddingBottomRight: [30, 40], maxZoom: 16,
                                            animate: false });  // drawn once, at once
    }
    return true;
  }
  function all() {  // back to every customer, as the map opened
    if (!current) { return; }
    current = null;
    layer.clearLayers();
    S.points.only(null);
    say();
    S.fitAll();
  }

  /* The control: a title (a tap opens or folds it), the rep and day lists, the day's line. */
  var box, head, body, repList, dayLabel, dayList, summary, sumText, missing, open = false;
  function element(parent, tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    parent.appendChild(el);
    return el;
  }
  function unfold(on) {
    open = on;
    body.style.display = on ? "" : "none";
    head.textContent = W.title + (on ? " ▾" : " ▸");
  }
  function fillDays(k) {
    dayList.textContent = "";
    byRep[k].forEach(function (row) {
      var n = D.n[row];
      element(dayList, "option", "", st.days[D.day[row]] + " " +
              (n === 1 ? W.stops_one : W.stops).replace("{n}", n)).value = D.day[row];
    });
  }
  function firstDay(k) {  // today's, else the next one's, else the first: the rep's morning
    var now = new Date(), pad = function (v) { return (v < 10 ? "0" : "") + v; };
    var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var days = byRep[k].map(function (row) { return D.day[row]; });
    for (var j = 0; j < days.length; j++) {
      if (/^\d{4}-/.test(st.keys[days[j]]) && st.keys[days[j]] >= today) { return days[j]; }
    }
    return days[0];
  }
  function say(k, day, row, drawn) {  // the day's line, the link and the lists as shown
    summary.style.display = row === undefined ? "none" : "";
    // the point colour box says nothing of a day's numbered stops: out of the way meanwhile
    var colours = map.getContainer().querySelector(".tp-chooser");
    if (colours) { colours.style.display = row === undefined ? "" : "none"; }
    if (row === undefined) {
      link("");
      return;
    }
    sumText.textContent = summaryText(k, day, row);
    var lost = D.n[row] - drawn;  // stops of customers without a map position
    missing.style.display = lost > 0 ? "" : "none";
    missing.textContent = lost > 0 ? W.unplaced.replace("{n}", lost) : "";
    repList.value = String(k);
    if (dayList.getAttribute("data-rep") !== String(k)) {
      fillDays(k);
      dayList.setAttribute("data-rep", String(k));
    }
    dayList.value = String(day);
    dayLabel.style.display = "";
    link("rep=" + encodeURIComponent(terrs[k].id) + "&day=" + encodeURIComponent(st.keys[day]));
  }
  function link(hash) {  // the address a manager copies: opens on the same day
    try {
      if (hash) { history.replaceState(null, "", "#" + hash); }
      else if (location.hash) { history.replaceState(null, "", location.pathname + location.search); }
    } catch (e) { /* a page shown where its address cannot change: the map works the same */ }
  }
  var control = L.control({ position: "topleft" });
  control.onAdd = function () {
    box = L.DomUtil.create("div", "tp-legend tp-day");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    head = element(box, "h4", "tp-day-head");
    head.style.cursor = "pointer";
    L.DomEvent.on(head, "click", function () { unfold(!open); });
    body = element(box, "div", "tp-day-body");
    var repLabel = element(body, "label", "", W.rep);
    repList = element(repLabel, "select", "tp-day-rep");
    element(repList, "option", "", W.pick).value = "";
    terrs.forEach(function (t, k) {
      if (byRep[k].length) { element(repList, "option", "", t.label).value = String(k); }
    });
    dayLabel = element(body, "label", "", W.day);
    dayLabel.style.display = "none";  // until a rep is chosen
    dayList = element(dayLabel, "select", "tp-day-day");
    summary = element(box, "div", "tp-day-summary");
    sumText = element(summary, "div", "tp-day-line");
    missing = element(summary, "div", "tp-day-missing");
    var back = element(summary, "button", "tp-day-all", W.all);
    back.type = "button";
    L.DomEvent.on(back, "click", all);
    repList.addEventListener("change", function () {
      if (repList.value === "") {
        all();
        dayLabel.style.display = "none";
        return;
      }
      var k = Number(repList.value);
      fillDays(k);
      dayList.setAttribute("data-rep", String(k));
      show(k, firstDay(k), true);
    });
    dayList.addEventListener("change", function () {
      show(Number(repList.value), Number(dayList.value), true);
      if (S.narrow) { unfold(false); }  // on a phone the map, not the lists
    });
    unfold(false);
    summary.style.display = "none";
    return box;
  };
  control.addTo(map);

  /* ``#rep=T01&day=2026-12-07`` (the rep by territory id, else by name): that day, zoomed. */
  function fromLink() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var rep = params.get("rep"), key = params.get("day");
    if (!rep || !key) { return false; }
    var k = -1;
    terrs.forEach(function (t, j) { if (k < 0 && t.id === rep) { k = j; } });
    terrs.forEach(function (t, j) { if (k < 0 && (t.rep === rep || t.name === rep)) { k = j; } });
    var day = st.keys.indexOf(key);
    return k >= 0 && day >= 0 && show(k, day, true);
  }
  fromLink();
  window.addEventListener("hashchange", function () { if (!fromLink()) { all(); } });

  S.day = {
    show: function (k, day) { return show(k, day, true); },
    all: all,
    unfold: unfold,
    state: function () {
      if (!current) { return null; }
      return { rep: terrs[current.k].id, day: st.keys[current.day],
               stops: current.stops.map(function (s) { return [s[0], s[1], st.times[s[2]]]; }),
               path: current.path, summary: sumText.textContent,
               numbers: Array.prototype.map.call(
                 map.getPane("markerPane").querySelectorAll(".tp-stop-no"),
                 function (el) { return el.textContent; }) };
    }
  };
})();
