// The explorer page: every panel from /api/panels/{id}, drawn with plain DOM and uPlot.
"use strict";
(function () {
  function formatUnits(value, decimals) {
    var neg = value.charAt(0) === "-";
    var s = neg ? value.slice(1) : value;
    while (s.length < decimals + 1) s = "0" + s;
    var whole = s.slice(0, s.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (neg ? "-" : "") + whole + (decimals ? "." + s.slice(s.length - decimals) : "");
  }
  var linkTemplate = "/{kind}/{id}";
  function href(link) {
    return link ? linkTemplate.replace("{kind}", link.kind).replace("{id}", encodeURIComponent(link.id)) : null;
  }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function figureEl(f) {
    var a = el("a", { class: "figure", "data-figure": f.id, "data-value": f.value, "data-decimals": String(f.decimals) }, [
      el("span", { class: "label" }, [f.label]),
      el("span", { class: "value" }, [formatUnits(f.value, f.decimals) + (f.unit ? " " + f.unit : "")]),
    ]);
    var h = href(f.link);
    if (h) a.setAttribute("href", h);
    return a;
  }
  function tableEl(panelId, t) {
    var wrap = el("div", { class: "table", "data-table": panelId + "/" + t.id }, [
      el("h3", {}, [t.title, el("a", { class: "csv", href: "/api/panels/" + panelId + "/" + t.id + ".csv", download: panelId + "-" + t.id + ".csv" }, ["CSV"])]),
    ]);
    if (t.total !== undefined && t.total > t.rows.length) {
      wrap.appendChild(el("p", { class: "empty", "data-total": String(t.total) }, ["the latest " + t.rows.length + " of " + t.total + " rows (the CSV has all)"]));
    }
    if (!t.rows.length) {
      wrap.appendChild(el("p", { class: "empty" }, ["none yet"]));
      return wrap;
    }
    var head = el("tr", {}, t.columns.map(function (c) { return el("th", {}, [c]); }));
    var body = t.rows.map(function (r) {
      return el("tr", {}, r.map(function (c) {
        var h = href(c.link);
        return h ? el("td", { class: c.link.kind === "account" ? "addr" : "" }, [el("a", { href: h, title: c.text }, [c.text])]) : el("td", {}, [c.text]);
      }));
    });
    wrap.appendChild(el("table", {}, [el("thead", {}, [head]), el("tbody", {}, body)]));
    return wrap;
  }
  var charts = [];
  function chartEl(s) {
    var box = el("div", { class: "chart", "data-series": s.id }, [el("h3", {}, [s.title])]);
    var colors = ["#1f5fbf", "#d9822b", "#176b2c"];
    requestAnimationFrame(function () {
      var width = Math.max(280, box.clientWidth);
      var opts = {
        width: width,
        height: Math.round(Math.min(320, width * 0.55)),
        series: [{}].concat(s.ys.map(function (y, i) { return { label: y.label, stroke: colors[i % colors.length], width: 2, spanGaps: true, points: { show: s.x.length < 60 } }; })),
        axes: [{}, { size: 56 }],
      };
      var plot = new uPlot(opts, [s.x].concat(s.ys.map(function (y) { return y.values; })), box);
      charts.push({ plot: plot, box: box });
    });
    return box;
  }
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { var w = Math.max(280, c.box.clientWidth); c.plot.setSize({ width: w, height: Math.round(Math.min(320, w * 0.55)) }); });
  });
  function panelEl(p) {
    var sec = el("section", { class: "panel", id: "panel-" + p.id, "data-panel": p.id }, [el("h2", {}, [p.title])]);
    if (p.alarm) {
      var cls = p.alarm.ok === null ? "unknown" : p.alarm.ok ? "ok" : "bad";
      sec.appendChild(el("div", { class: "alarm " + cls, id: p.id + "-alarm", role: p.alarm.ok === false ? "alert" : "status" }, [p.alarm.message]));
    }
    sec.appendChild(el("div", { class: "figures" }, p.figures.map(figureEl)));
    p.series.forEach(function (s) { if (s.x.length) sec.appendChild(chartEl(s)); });
    p.tables.forEach(function (t) { sec.appendChild(tableEl(p.id, t)); });
    return sec;
  }
  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }
  getJson("/api/config").then(function (config) {
    linkTemplate = config.linkTemplate;
    document.getElementById("chain").textContent = config.chain + " · " + config.indexed.transactions + " transactions, " + config.indexed.events + " events indexed";
    return Promise.all(config.panels.map(function (id) { return getJson("/api/panels/" + id); }));
  }).then(function (panels) {
    var main = document.getElementById("panels");
    main.removeChild(document.getElementById("loading"));
    panels.forEach(function (p) { main.appendChild(panelEl(p)); });
    requestAnimationFrame(function () { requestAnimationFrame(function () { document.body.setAttribute("data-ready", "1"); }); });
  }).catch(function (e) {
    var main = document.getElementById("panels");
    main.appendChild(el("p", { class: "alarm bad", role: "alert" }, ["Could not load: " + e.message]));
    document.body.setAttribute("data-ready", "error");
  });
})();
