/* Territory Planner map page: namespace, bridge client (QWebChannel), message dispatch.
 * Python sends JSON text through bridge.message; the page answers with bridge.send(text).
 * Nothing in these scripts treats data as HTML: text goes through textContent. */
(function () {
  "use strict";
  var TP = (window.TP = window.TP || {});
  var handlers = {};
  var bootHooks = [];
  var bridge = null;
  var outbox = [];

  var stringHooks = [];
  TP.on = function (type, fn) { handlers[type] = fn; };
  TP.onBoot = function (fn) { bootHooks.push(fn); };
  /* ``fn`` rewrites the texts it made when the language changes (message ``strings``). */
  TP.onStrings = function (fn) { stringHooks.push(fn); };
  TP.on("strings", function (msg) {
    TP.str = TP.config.strings = msg.strings;
    document.documentElement.lang = TP.str.lang;
    for (var i = 0; i < stringHooks.length; i++) { stringHooks[i](); }
  });

  TP.send = function (msg) {
    var text = JSON.stringify(msg);
    if (bridge) { bridge.send(text); } else { outbox.push(text); }
  };

  TP.reportError = function (err) {
    var text = String((err && (err.stack || err.message)) || err);
    console.error("TP: " + text);
    if (bridge) { bridge.send(JSON.stringify({ type: "error", message: text })); }
  };

  /* While a data document is being fetched, later messages wait (they describe newer
   * states than the document) and run in order once it is drawn; see TP.holdMessages. */
  var held = null;
  TP.holdMessages = function () { held = held || []; };
  TP.releaseMessages = function () {
    var list = held || [];
    held = null;
    if (TP.hasData && early.length) { list = early.concat(list); early = []; }
    for (var i = 0; i < list.length; i++) { dispatch(list[i]); }
  };

  /* Messages about the customers (recolor, patch, selection, days) need the data document: one
   * arriving before any data is drawn waits and runs, in order, once the first load is drawn. */
  var NEEDS_DATA = { recolor: true, patch: true, selection: true, days: true };
  var early = [];
  TP.hasData = false;
  TP.waitingForData = function () { return early.length; };

  function dispatch(msg) {
    if (held && msg.type !== "load") { held.push(msg); return; }
    if (!TP.hasData && NEEDS_DATA[msg.type]) { early.push(msg); return; }
    var fn = handlers[msg.type];
    if (!fn) { TP.reportError("unknown message type " + msg.type); return; }
    try { fn(msg); } catch (e) { TP.reportError(e); }
  }

  TP.receive = function (text) {
    var msg;
    try { msg = JSON.parse(text); } catch (e) { TP.reportError(e); return; }
    dispatch(msg);
  };

  /* Run fn once the browser has painted the current state: a task queued from an animation
   * frame callback runs after that frame (and the draws scheduled before it) is painted. */
  TP.afterPaint = function (fn) {
    var done = false;
    var once = function () { if (!done) { done = true; fn(); } };
    requestAnimationFrame(function () { setTimeout(once, 0); });
    // A hidden page gets no animation frames: report anyway (there is nothing to paint).
    setTimeout(function () { if (document.hidden) { once(); } }, 1000);
  };

  /* The box the map's messages (a tool's hint, a passing notice) stack in, one under the
   * other, at the top of the map or, in a small map, at its foot (tp.css). */
  TP.messages = function () {
    var box = TP.map.getContainer(), found = box.querySelector(".tp-messages");
    if (found) { return found; }
    found = TP.el("div", "tp-messages", null, box);
    if (TP.placeMessages) { TP.placeMessages(); }  // clear of an opened legend (tp_fit.js)
    return found;
  };

  /* A message shown, changed or gone: the messages placed again (tp_fit.js) and, at once,
   * the territories' names clear of them or back on their places (not at the map's next
   * move: a name kept clear of a hint stayed aside after the tool was put down). */
  TP.messagesChanged = function () {
    if (TP.placeMessages) { TP.placeMessages(); }
    if (TP.layers && TP.layers.declutter) { TP.layers.declutter(); }
  };

  /* A DOM element whose text is set with textContent (never as markup). */
  TP.el = function (tag, className, text, parent) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (parent) { parent.appendChild(e); }
    return e;
  };

  /* ``a (b)`` in the page's language: 「東エリア（佐藤）」, "東エリア (佐藤)". */
  TP.bracket = function (a, b) {
    return TP.str.bracket.replace(/\{[ab]\}/g, function (k) { return k === "{a}" ? a : b; });
  };

  TP.boot = function (map, control, bases, config) {
    TP.map = map;
    TP.control = control;
    TP.bases = bases;
    TP.config = config;
    TP.str = config.strings;
    document.documentElement.lang = TP.str.lang;  // line breaks by phrase in Japanese
    map.doubleClickZoom.disable();
    map.attributionControl.setPrefix(false);
    L.control.scale({ imperial: false }).addTo(map);  // km: no line in miles under it
    for (var i = 0; i < bootHooks.length; i++) { bootHooks[i](map); }
    // the page's font loaded before the plan comes: the names and the legend are measured
    // and placed in it (drawn first in the fallback font, they were placed again, a jump,
    // when it came; and a view set meanwhile placed names by the narrower width); a font
    // that fails or takes over 3 s does not hold the map back
    var font = document.fonts && document.fonts.load ? Promise.race([
      document.fonts.load("bold 14px IPAexGothic").catch(function () { return null; }),
      new Promise(function (done) { setTimeout(done, 3000); })]) : Promise.resolve();
    if (window.qt && window.qt.webChannelTransport) {
      new QWebChannel(window.qt.webChannelTransport, function (channel) {
        bridge = channel.objects.bridge;
        bridge.message.connect(TP.receive);
        while (outbox.length) { bridge.send(outbox.shift()); }
        font.then(function () { TP.send({ type: "ready" }); });
      });
    }
  };

  window.addEventListener("error", function (ev) { TP.reportError(ev.error || ev.message); });
  window.addEventListener("unhandledrejection", function (ev) { TP.reportError(ev.reason); });
})();
