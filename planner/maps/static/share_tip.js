/* The shared HTML map's customer lines (export --html; share.py inlines it before
 * share_page.js): what a tooltip and a tapped customer's popup say — the shop, its address,
 * phone, hours, rank, frequency, visit days, each planned visit (date, stop, arrival), the
 * territory, and whether the position is approximate. ``tpShareTip(data)`` gives the page
 * ``tip(i)`` (the lines of customer i), ``line``, ``count`` and ``approx``. */
(function () {
  "use strict";
  window.tpShareTip = function (data) {
    var L_ = data.labels;
    var cs = data.customers;
    var terrs = data.territories;
    function line(parent, tag, text) {
      var el = document.createElement(tag);
      el.textContent = text;
      parent.appendChild(el);
      return el;
    }
    /* ``n`` customers in the page's language: "411 customers", "1 customer", "411件". */
    function count(n) { return (n === 1 ? L_.count_one : L_.count).replace("{n}", n); }
    /* Placed at their 丁目, town or municipality (geocode nearby:…): 1, to check on the map. */
    var approx = new Uint8Array(cs.lat.length);
    (cs.approx || []).forEach(function (i) { approx[i] = 1; });
    /* The visit days under a frequency line that already says it: 「毎週 月」 → 「月」,
     * 「隔週(第1・3週) 水」 → 「第1・3週 水」 (the popup read 訪問頻度: 毎週 / 訪問曜日: 毎週 月). */
    function daysBeside(freq, days) {
      if (!freq || days.indexOf(freq) !== 0) { return days; }
      var rest = days.slice(freq.length);
      if (/[、;]/.test(rest)) { return days; }  // several patterns: each keeps its words
      var weeks = /^\s*\(([^)]*)\)\s*(\S.*)$/.exec(rest);
      if (weeks) { return weeks[1] + " " + weeks[2]; }
      return /^\s+\S/.test(rest) ? rest.trim() : days;
    }
    function tip(i) {
      var div = document.createElement("div");
      div.className = "tp-tip";
      line(div, "b", cs.name[i]);
      if (cs.address[i]) { line(div, "span", L_.address + ": " + cs.address[i]); }
      if (cs.phone && cs.phone[i]) { line(div, "span", L_.phone + ": " + cs.phone[i]); }
      if (cs.hours && cs.hours[i]) { line(div, "span", L_.hours + ": " + cs.hours[i]); }
      if (cs.rank[i]) { line(div, "span", L_.rank + ": " + cs.rank[i]); }
      if (cs.freq[i]) { line(div, "span", L_.frequency + ": " + cs.freq[i]); }
      if (cs.days && cs.days[i]) {
        line(div, "span", L_.visit_days + ": " + daysBeside(cs.freq[i], cs.days[i]));
      }
      var st = cs.stops, v = st && st.visits[i];  // 12/7(月) 1番目 09:07着, each visit
      if (v && v.length) {
        line(div, "span", L_.stops + ":");
        var moved = (st.moved && st.moved[String(i)]) || [];  // 12/31(木)から振替
        for (var k = 0; k < v.length; k += 3) {
          var said = st.format.replace("{when}", st.days[v[k]])
            .replace("{n}", v[k + 1]).replace("{time}", st.times[v[k + 2]]);
          var was = moved[k / 3];
          if (was) { said = st.moved_format.replace("{visit}", said).replace("{date}", was); }
          line(div, "span", "\u3000" + said).className = "tp-stop";
        }
      }
      var t = cs.t[i] >= 0 ? terrs[cs.t[i]] : null;
      line(div, "span", L_.territory + ": " + (t ? t.label : L_.unassigned));  // 東京（鈴木）
      if (approx[i]) { line(div, "span", L_.approximate).className = "tp-approx"; }
      return div;
    }
    return { line: line, count: count, tip: tip, approx: approx };
  };
})();
