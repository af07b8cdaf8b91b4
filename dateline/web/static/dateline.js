// dateline's pages: an SVG timeline with zoom and pan that can follow new events, and an SVG
// actor network.
// Hand-written, no dependencies. Data comes from <script type="application/json"> blocks and is
// only ever put into the page as text (textContent, attributes), never parsed as HTML.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var DAY = 86400000;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function readData(root, selector) {
    var block = root.querySelector(selector);
    return block ? JSON.parse(block.textContent) : null;
  }

  function partyName(party) {
    return party ? (party.name || party.id) : "unknown";
  }

  function showTip(tip, root, event, head, body) {
    tip.textContent = "";
    var h = document.createElement("div");
    h.className = "tt-head";
    h.textContent = head;
    tip.appendChild(h);
    if (body) {
      var b = document.createElement("div");
      b.textContent = body;
      tip.appendChild(b);
    }
    tip.hidden = false;
    var box = root.getBoundingClientRect();
    var x = event.clientX - box.left + 14;
    if (x + 460 > box.width) x = Math.max(4, x - 480);
    tip.style.left = x + "px";
    tip.style.top = (event.clientY - box.top + 14) + "px";
  }

  function linkFor(root, id) {
    // In the offline report events link to rows of the event table, on the server to pages.
    var base = root.getAttribute("data-href") || "";
    return base.charAt(0) === "#" ? base + id : base + encodeURIComponent(id);
  }

  // ---- timeline ----------------------------------------------------------------------------

  function parseDay(text) {
    if (!text) return null;
    var parts = text.split("-").map(Number);
    if (!parts[0]) return null;
    return Date.UTC(parts[0], (parts[1] || 1) - 1, parts[2] || 1);
  }

  var STEPS = [
    [DAY, "day"], [2 * DAY, "day"], [7 * DAY, "day"], [14 * DAY, "day"],
    [30 * DAY, "month"], [91 * DAY, "month"], [182 * DAY, "month"], [365 * DAY, "year"]
  ];

  function ticks(lo, hi, width) {
    var wanted = Math.max(2, Math.floor(width / 110));
    var step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i++) {
      if ((hi - lo) / STEPS[i][0] <= wanted) { step = STEPS[i]; break; }
    }
    var out = [];
    var d = new Date(lo);
    var t;
    if (step[1] === "day") {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      while (t <= hi) { if (t >= lo) out.push([t, new Date(t).toISOString().slice(0, 10)]); t += step[0]; }
    } else {
      var months = step[1] === "year" ? 12 : Math.round(step[0] / (30 * DAY));
      var m = d.getUTCFullYear() * 12 + d.getUTCMonth();
      m -= m % months;
      for (; ; m += months) {
        t = Date.UTC(Math.floor(m / 12), m % 12, 1);
        if (t > hi) break;
        if (t >= lo) out.push([t, new Date(t).toISOString().slice(0, step[1] === "year" ? 4 : 7)]);
      }
    }
    return out;
  }

  function initTimeline(root) {
    var page = readData(root, ".timeline-data");
    var svg = root.querySelector(".timeline-svg");
    var tip = root.querySelector(".tooltip");
    if (!page || !svg) return;
    var left = 110, top = 26, laneHeight = 34;
    var height, full, start, view, marks;
    var axis = el("g", {}, svg);
    var laneLayer = el("g", {}, svg);
    var dots = el("g", {}, svg);

    // Draws the events of one page of /api/timeline; called again with each newer page while
    // the page follows new events (keepView: the reader's zoom and pan stay as they are).
    function load(data, keepView) {
      var events = data.items.filter(function (e) { return parseDay(e.date) !== null; });
      var lanes = [];
      events.slice().sort(function (a, b) { return a.quad - b.quad || (a.type < b.type ? -1 : 1); })
        .forEach(function (e) { if (lanes.indexOf(e.type) < 0) lanes.push(e.type); });
      height = top + Math.max(1, lanes.length) * laneHeight + 8;
      svg.setAttribute("height", String(height));
      var times = events.map(function (e) { return parseDay(e.date); });
      full = times.length ? [Math.min.apply(null, times) - DAY, Math.max.apply(null, times) + DAY] : [0, DAY];
      start = dense(times) || full;
      if (!keepView) view = start.slice();
      laneLayer.textContent = "";
      dots.textContent = "";
      lanes.forEach(function (type, i) {
        var y = top + i * laneHeight + laneHeight / 2;
        el("line", { "class": "lane", x1: left, x2: "100%", y1: y, y2: y }, laneLayer);
        el("text", { "class": "lane-label", x: 4, y: y + 4 }, laneLayer).textContent = type;
      });
      var stacked = {}, sameDay = {};
      events.forEach(function (e) { var key = e.type + "|" + e.date; sameDay[key] = (sameDay[key] || 0) + 1; });
      marks = events.map(function (e, i) {
        var key = e.type + "|" + e.date;
        var n = stacked[key] = (stacked[key] || 0) + 1;
        // A day is an interval: its events share it out, so zooming in pulls them apart.
        var within = DAY * (0.1 + 0.8 * (n - 0.5) / sameDay[key]);
        var lane = lanes.indexOf(e.type);
        var shift = [0, -7, 7, -14, 14][(n - 1) % 5];
        var link = el("a", { href: linkFor(root, e.id), "class": "tl-event", "data-id": e.id, tabindex: 0 }, dots);
        var r = Math.min(11, 4 + 2 * Math.sqrt(Math.max(0, e.num_mentions - 1)));
        var circle = el("circle", { r: r, "class": "q" + e.quad, cy: top + lane * laneHeight + laneHeight / 2 + shift }, link);
        var head = e.date + " · " + e.type + ": " + partyName(e.actor) + " → " + partyName(e.recipient) +
          " (" + e.num_mentions + " reports, " + e.num_sources + " sources)";
        function show(ev) { showTip(tip, root, ev, head, e.evidence); }
        link.addEventListener("mousemove", show);
        link.addEventListener("focus", function () {
          var b = circle.getBoundingClientRect();
          show({ clientX: b.left, clientY: b.top });
        });
        link.addEventListener("mouseleave", function () { tip.hidden = true; });
        link.addEventListener("blur", function () { tip.hidden = true; });
        if (root.getAttribute("data-href").charAt(0) === "#") {
          link.addEventListener("click", function () { selectRow(e.id); });
        }
        return { circle: circle, link: link, t: times[i] + within };
      });
      draw();
    }

    function width() { return svg.getBoundingClientRect().width || 900; }
    function x(t, w) { return left + (t - view[0]) / (view[1] - view[0]) * (w - left - 12); }

    function draw() {
      var w = width();
      axis.textContent = "";
      ticks(view[0], view[1], w - left).forEach(function (tick) {
        var g = el("g", { "class": "tick" }, axis);
        var px = x(tick[0], w);
        el("line", { x1: px, x2: px, y1: top - 6, y2: height }, g);
        el("text", { x: px + 3, y: 14 }, g).textContent = tick[1];
      });
      marks.forEach(function (m) {
        var px = x(m.t, w);
        m.circle.setAttribute("cx", String(px));
        m.link.setAttribute("visibility", px < left - 4 || px > w ? "hidden" : "visible");
      });
    }

    function zoom(factor, at) {
      var span = view[1] - view[0];
      var next = Math.min(Math.max(span * factor, DAY), (full[1] - full[0]) * 4);
      var pivot = at === undefined ? view[0] + span / 2 : at;
      var share = (pivot - view[0]) / span;
      view = [pivot - share * next, pivot + (1 - share) * next];
      draw();
    }

    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var w = width();
      var at = view[0] + (ev.clientX - svg.getBoundingClientRect().left - left) / (w - left - 12) * (view[1] - view[0]);
      zoom(ev.deltaY < 0 ? 0.8 : 1.25, at);
    }, { passive: false });
    panWith(svg, function (dx) {
      var shift = dx / (width() - left - 12) * (view[1] - view[0]);
      view = [view[0] - shift, view[1] - shift];
      draw();
    });
    controls(root, function (what) {
      if (what === "in") zoom(0.6);
      else if (what === "out") zoom(1.6);
      else if (what === "all") { view = full.slice(); draw(); }
      else { view = start.slice(); draw(); }
    });
    window.addEventListener("resize", draw);
    load(page, false);
    follow(root, page, function (data) { load(data, true); });
  }

  // ---- following new events ----------------------------------------------------------------

  // While its box is ticked, the timeline asks its JSON twin (this server, same query) for the
  // events again every data-follow-seconds, and redraws itself and its table when they change.
  function follow(root, page, redraw) {
    var box = root.querySelector("input[data-follow]");
    var note = root.querySelector(".follow-note");
    var url = root.getAttribute("data-follow-url");
    if (!box || !url || !window.fetch) return;
    var seconds = Number(root.getAttribute("data-follow-seconds")) || 15;
    var known = {};
    page.items.forEach(function (e) { known[e.id] = true; });
    var shown = signature(page);
    var timer = null;

    function ask() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 503) {
            var retry = Number(response.headers.get("Retry-After")) || seconds;
            say("The store is busy; trying again in " + retry + " s.");
            return null;
          }
          if (!response.ok) { say("Could not read new events (HTTP " + response.status + ")."); return null; }
          return response.json();
        })
        .then(function (data) {
          if (!data || !data.items) return;
          var now = new Date().toTimeString().slice(0, 8);
          if (signature(data) === shown) { say("No new events at " + now + "."); return; }
          var fresh = data.items.filter(function (e) { return !known[e.id]; });
          data.items.forEach(function (e) { known[e.id] = true; });
          shown = signature(data);
          redraw(data);
          refillTable(data.items, fresh);
          say(fresh.length + " new event" + (fresh.length === 1 ? "" : "s") + " at " + now + "; " + data.total + " in all.");
        })
        .catch(function () { say("Could not reach the server; trying again."); });
    }

    function say(text) { if (note) note.textContent = text; }

    function schedule() {
      if (timer !== null) { window.clearInterval(timer); timer = null; }
      if (box.checked) { timer = window.setInterval(ask, seconds * 1000); ask(); }
      else say("");
    }

    box.addEventListener("change", schedule);
    schedule();
  }

  function signature(data) {
    return data.total + ":" + data.items.map(function (e) { return e.id + "/" + e.num_mentions; }).join(",");
  }

  // The events table under the timeline, rebuilt from the records as text (never as HTML).
  function refillTable(items, fresh) {
    var body = document.querySelector("table.events tbody");
    if (!body) return;
    var isFresh = {};
    fresh.forEach(function (e) { isFresh[e.id] = true; });
    body.textContent = "";
    items.forEach(function (e) {
      var row = document.createElement("tr");
      row.id = "event-" + e.id;
      row.className = "q" + e.quad + (isFresh[e.id] ? " fresh" : "");
      var date = cell(row, "nowrap");
      var link = document.createElement("a");
      link.href = "/events/" + encodeURIComponent(e.id);
      link.textContent = e.date_text;
      date.appendChild(link);
      var type = cell(row);
      var dot = document.createElement("span");
      dot.className = "dot q" + e.quad;
      type.appendChild(dot);
      type.appendChild(document.createTextNode(e.type));
      if (e.mode) { type.appendChild(document.createTextNode(" ")); span(type, "code", e.mode); }
      partyCell(cell(row), e.actor);
      partyCell(cell(row), e.recipient);
      cell(row).textContent = e.modality;
      cell(row, "num").textContent = e.num_mentions + " / " + e.num_sources + " src";
      cell(row, "evidence").textContent = e.evidence;
      body.appendChild(row);
    });
  }

  function cell(row, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function span(parent, className, text) {
    var node = document.createElement("span");
    node.className = className;
    node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function partyCell(td, party) {
    if (!party) { span(td, "none", "unknown"); return; }
    var link = document.createElement("a");
    link.className = "party";
    link.href = "/actors/" + encodeURIComponent(party.id);
    link.textContent = party.name || party.id;
    td.appendChild(link);
    if (party.country || party.sector) {
      td.appendChild(document.createTextNode(" "));
      span(td, "code", (party.country || "") + (party.sector ? " " + party.sector : ""));
    }
  }

  function dense(times) {
    // The first view is the shortest stretch holding 80% of the events, so a few far-off
    // dates (a war twenty years back) do not squeeze the rest into one column; "All dates"
    // shows everything.
    if (times.length < 10) return null;
    var sorted = times.slice().sort(function (a, b) { return a - b; });
    var k = Math.ceil(sorted.length * 0.8);
    var best = 0;
    for (var i = 1; i + k - 1 < sorted.length; i++) {
      if (sorted[i + k - 1] - sorted[i] < sorted[best + k - 1] - sorted[best]) best = i;
    }
    var lo = sorted[best], hi = sorted[best + k - 1];
    var pad = Math.max(3 * DAY, (hi - lo) * 0.1);
    return [lo - pad, hi + pad];
  }

  function selectRow(id) {
    var rows = document.querySelectorAll("tr.selected");
    for (var i = 0; i < rows.length; i++) rows[i].classList.remove("selected");
    var row = document.getElementById("event-" + id);
    if (row) row.classList.add("selected");
  }

  function panWith(svg, move) {
    var last = null;
    svg.addEventListener("mousedown", function (ev) { last = [ev.clientX, ev.clientY]; svg.style.cursor = "grabbing"; });
    window.addEventListener("mouseup", function () { last = null; svg.style.cursor = ""; });
    window.addEventListener("mousemove", function (ev) {
      if (last === null) return;
      var dx = ev.clientX - last[0], dy = ev.clientY - last[1];
      last = [ev.clientX, ev.clientY];
      move(dx, dy);
    });
  }

  function controls(root, act) {
    var buttons = root.querySelectorAll("[data-zoom]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (ev) { act(ev.currentTarget.getAttribute("data-zoom")); });
    }
  }

  // ---- network -----------------------------------------------------------------------------

  var MAX_EDGES = 250;

  function layout(nodes, links, w, h) {
    // Fruchterman-Reingold from a fixed start on a circle: the same data gives the same picture.
    var k = Math.sqrt(w * h / Math.max(1, nodes.length)) * 0.5;
    nodes.forEach(function (n, i) {
      var a = 2 * Math.PI * i / nodes.length;
      n.x = w / 2 + Math.cos(a) * w / 3;
      n.y = h / 2 + Math.sin(a) * h / 3;
    });
    var temperature = w / 8;
    for (var step = 0; step < 300; step++) {
      nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y;
          var d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy));
          if (d > 3 * k) continue;  // far-off nodes do not push: small components stay near
          var f = k * k / d;
          a.dx += dx / d * f; a.dy += dy / d * f;
          b.dx -= dx / d * f; b.dy -= dy / d * f;
        }
      }
      links.forEach(function (l) {
        var dx = l.source.x - l.target.x, dy = l.source.y - l.target.y;
        var d = Math.max(0.01, Math.sqrt(dx * dx + dy * dy));
        var f = d * d / k;
        l.source.dx -= dx / d * f; l.source.dy -= dy / d * f;
        l.target.dx += dx / d * f; l.target.dy += dy / d * f;
      });
      nodes.forEach(function (n) {
        n.dx += (w / 2 - n.x) * 0.05; n.dy += (h / 2 - n.y) * 0.05;
        var d = Math.max(0.01, Math.sqrt(n.dx * n.dx + n.dy * n.dy));
        n.x = Math.min(w - 20, Math.max(20, n.x + n.dx / d * Math.min(d, temperature)));
        n.y = Math.min(h - 20, Math.max(20, n.y + n.dy / d * Math.min(d, temperature)));
      });
      temperature *= 0.985;
    }
  }

  function dominantQuad(edge) {
    var best = edge.by_quad[0];
    edge.by_quad.forEach(function (pair) { if (pair[1] > best[1]) best = pair; });
    return best ? best[0] : 0;
  }

  function initNetwork(root) {
    var edges = readData(root, ".network-data");
    var svg = root.querySelector(".network-svg");
    var tip = root.querySelector(".tooltip");
    if (!edges || !svg) return;
    edges = edges.slice(0, MAX_EDGES);
    var w = 1000, h = 620;
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    var byId = {};
    var nodes = [];
    function node(party) {
      if (!byId[party.id]) { byId[party.id] = { party: party, weight: 0 }; nodes.push(byId[party.id]); }
      return byId[party.id];
    }
    var links = edges.map(function (e) {
      var s = node(e.actor), t = node(e.recipient);
      s.weight += e.count; t.weight += e.count;
      return { source: s, target: t, edge: e };
    });
    nodes.sort(function (a, b) { return a.party.id < b.party.id ? -1 : 1; });
    layout(nodes, links, w, h);
    var defs = el("defs", {}, svg);
    [0, 1, 2, 3, 4].forEach(function (q) {
      var marker = el("marker", { id: "arrow-q" + q, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, defs);
      el("path", { d: "M 0 0 L 10 5 L 0 10 z", "class": "q" + q }, marker);
    });
    var scene = el("g", {}, svg);
    links.forEach(function (l) {
      var q = dominantQuad(l.edge);
      var r = radius(l.target);
      var dx = l.target.x - l.source.x, dy = l.target.y - l.source.y;
      var d = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      var line = el("line", {
        "class": "edge q" + q, x1: l.source.x, y1: l.source.y,
        x2: l.target.x - dx / d * (r + 2), y2: l.target.y - dy / d * (r + 2),
        "stroke-width": Math.min(8, 1 + Math.log(l.edge.count) * 1.8), "marker-end": "url(#arrow-q" + q + ")"
      }, scene);
      var text = partyName(l.edge.actor) + " → " + partyName(l.edge.recipient) + ": " + l.edge.count + " events";
      var detail = l.edge.by_type.map(function (p) { return p[0] + " " + p[1]; }).join(", ") +
        (l.edge.first_date ? " · " + l.edge.first_date + " – " + l.edge.last_date : "");
      line.addEventListener("mousemove", function (ev) { showTip(tip, root, ev, text, detail); });
      line.addEventListener("mouseleave", function () { tip.hidden = true; });
    });
    nodes.forEach(function (n) {
      var link = el("a", { href: linkFor(root, n.party.id), "class": "nw-node" }, scene);
      el("circle", { "class": "node", cx: n.x, cy: n.y, r: radius(n) }, link);
      el("text", { x: n.x + radius(n) + 3, y: n.y + 4 }, link).textContent = partyName(n.party);
      var head = partyName(n.party) + (n.party.country ? " (" + n.party.country + (n.party.sector ? " " + n.party.sector : "") + ")" : "");
      link.addEventListener("mousemove", function (ev) { showTip(tip, root, ev, head, n.weight + " events with named counterparts"); });
      link.addEventListener("mouseleave", function () { tip.hidden = true; });
    });
    var fitted = fit(nodes, w, h);
    var box = fitted.slice();
    function apply() { svg.setAttribute("viewBox", box.join(" ")); }
    apply();
    function zoom(factor) {
      var cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2;
      box = [cx - box[2] * factor / 2, cy - box[3] * factor / 2, box[2] * factor, box[3] * factor];
      apply();
    }
    svg.addEventListener("wheel", function (ev) { ev.preventDefault(); zoom(ev.deltaY < 0 ? 0.8 : 1.25); }, { passive: false });
    panWith(svg, function (dx, dy) {
      var scale = box[2] / (svg.getBoundingClientRect().width || w);
      box[0] -= dx * scale;
      box[1] -= dy * scale;
      apply();
    });
    controls(root, function (what) {
      if (what === "in") zoom(0.7);
      else if (what === "out") zoom(1.4);
      else { box = fitted.slice(); apply(); }
    });
  }

  function fit(nodes, w, h) {
    // The drawing's own bounds, with room for the labels right of each node.
    if (!nodes.length) return [0, 0, w, h];
    var xs = nodes.map(function (n) { return n.x; }), ys = nodes.map(function (n) { return n.y; });
    var x0 = Math.min.apply(null, xs) - 30, x1 = Math.max.apply(null, xs) + 160;
    var y0 = Math.min.apply(null, ys) - 30, y1 = Math.max.apply(null, ys) + 30;
    return [x0, y0, Math.max(200, x1 - x0), Math.max(150, y1 - y0)];
  }

  function radius(n) { return Math.min(16, 4 + 2 * Math.sqrt(n.weight)); }

  function init() {
    var i, found = document.querySelectorAll(".timeline");
    for (i = 0; i < found.length; i++) initTimeline(found[i]);
    found = document.querySelectorAll(".network");
    for (i = 0; i < found.length; i++) initNetwork(found[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
}());
