/* 在线填报 (taizhang): draws a report form from the JSON Schema CI validates with, checks it as the
 * clerk types (ajv, vendored from npm), keeps a draft in the browser and writes the report file.
 * Everything comes from site/pages/form.py: data/<unit>.js for the unit in ?unit= (its templates and
 * tasks) and static/shared.js, the same for every unit (schemas, the sentences of `taizhang validate`
 * (schema.MESSAGES), the paste cleaning table (cleaning.PASTE)…). No request leaves this site. */
(function () {
  "use strict";

  var root = document.getElementById("tz-form");
  var D = null;       // static/shared.js and data/<unit>.js together, once loaded (load())
  var AjvClass = window.ajv2020 && (window.ajv2020.default || window.ajv2020);
  var ajv = new AjvClass({ allErrors: true, strict: false, verbose: true });
  ajv.addFormat("date", { type: "string", validate: isDate });
  var checks = {};

  var slot = null;    // the obligation being filled in
  var state = null;   // the report's data as the form holds it
  var touched = {};   // data-field -> true once the clerk has been there
  var showAll = false;
  var seq = 0;

  /* ---------- small helpers ---------- */
  function el(tag, attrs, kids) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (kids || []).forEach(function (kid) { if (kid) node.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid); });
    return node;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key] === undefined ? "" : String(values[key]); });
  }
  function isDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === text;
  }
  function clean(text) {
    Object.keys(D.paste).forEach(function (bad) { text = text.split(bad).join(D.paste[bad]); });
    return text;
  }
  function resolve(node) {
    if (!node || typeof node !== "object") return {};
    if (typeof node.$ref === "string" && node.$ref.indexOf("#/") === 0) {
      var target = D.schemas[slot.kind];
      node.$ref.slice(2).split("/").forEach(function (part) { target = (target || {})[part]; });
      var merged = Object.assign({}, resolve(target));
      Object.keys(node).forEach(function (k) { if (k !== "$ref") merged[k] = node[k]; });
      return merged;
    }
    return node;
  }
  function child(node, step) {
    node = resolve(node);
    if (typeof step === "number") return [resolve(node.items), false];
    var named = node.properties || {};
    if (Object.prototype.hasOwnProperty.call(named, step)) return [resolve(named[step]), false];
    return [resolve(node.additionalProperties), true];
  }
  function schemaAt(where) {
    var node = D.schemas[slot.kind];
    where.forEach(function (step) { node = child(node, step)[0]; });
    return resolve(node);
  }
  /* schema.label / schema.field_name, step for step */
  function label(where) {
    var parts = [], node = D.schemas[slot.kind];
    where.forEach(function (step) {
      var title = resolve(node).title, found = child(node, step);
      node = found[0];
      if (typeof step === "number") {
        if (parts.length && parts[parts.length - 1] === title) parts.pop();
        parts.push((title || "") + "第 " + (step + 1) + " 项");
      } else if (found[1] && node.title) {
        parts.pop();
        parts.push(node.title + " " + step);
      } else {
        parts.push(String(node.title || step));
      }
    });
    return parts.join("·");
  }
  function dotted(where) {
    var out = "";
    where.forEach(function (step) {
      out += typeof step === "number" ? "[" + (step + 1) + "]" : (out ? "." + step : String(step));
    });
    return out;
  }
  function fieldName(where) { return where.length ? label(where) + "（" + dotted(where) + "）" : "文件"; }
  function key(where) { return where.join("."); }
  function get(where) {
    var node = state;
    for (var i = 0; i < where.length; i++) { if (node === null || typeof node !== "object") return undefined; node = node[where[i]]; }
    return node;
  }
  function set(where, value) {
    var node = state;
    for (var i = 0; i < where.length - 1; i++) {
      if (node[where[i]] === undefined || node[where[i]] === null) node[where[i]] = typeof where[i + 1] === "number" ? [] : {};
      node = node[where[i]];
    }
    if (value === undefined) { if (Array.isArray(node)) node[where[where.length - 1]] = undefined; else delete node[where[where.length - 1]]; }
    else node[where[where.length - 1]] = value;
  }
  function show(value) {
    var text = typeof value === "string" ? value : JSON.stringify(value);
    return text.length <= 40 ? text : text.slice(0, 37) + "…";
  }
  function typeZh(value) {
    if (value === null || value === undefined) return "空值";
    if (typeof value === "boolean") return "真/假值";
    if (typeof value === "number") return "数字";
    if (typeof value === "string") return "文字";
    if (Array.isArray(value)) return "列表";
    return "一组字段";
  }
  function isEmpty(value) { return value === null || value === undefined || (typeof value === "string" && !value.trim()); }

  /* ---------- the report as validate sees it ---------- */
  function output() {
    var out = {};
    D.identity.forEach(function (k) { if (k in slot.start && k !== "sample") out[k] = slot.start[k]; });
    var props = D.schemas[slot.kind].properties || {};
    Object.keys(props).forEach(function (k) {
      if (D.identity.indexOf(k) >= 0 || state[k] === undefined) return;
      var v = prune(state[k], [k]);
      if (v !== undefined) out[k] = v;
    });
    return out;
  }
  function prune(value, where) {
    var sub = schemaAt(where);
    if (Array.isArray(value)) {
      var rows = value.map(function (item, i) { return prune(item, where.concat([i])); })
        .filter(function (item) { return item !== undefined; });
      return rows.length || (sub.minItems || 0) > 0 ? rows : undefined;
    }
    if (value && typeof value === "object") {
      var out = {}, required = sub.required || [], any = false;
      var order = where.length === 1 && sub.additionalProperties && !sub.properties
        ? slot.tasks.map(function (t) { return t.id; })
        : Object.keys(sub.properties || {});
      order.forEach(function (k) {
        if (!(k in value)) return;
        var v = prune(value[k], where.concat([k]));
        if (v === undefined && required.indexOf(k) >= 0) v = "";
        if (v !== undefined) { out[k] = v; if (!isEmpty(v)) any = true; }
      });
      return any || typeof where[where.length - 1] !== "number" ? out : undefined;  // an empty row is no row
    }
    if (typeof value === "string" && !value.trim()) return undefined;
    return value;
  }
  function yamlScalar(value) {
    return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  function yamlLines(value, indent, where) {
    var pad = new Array(indent + 1).join(" "), lines = [];
    if (Array.isArray(value)) {
      value.forEach(function (item) {
        var inner = yamlLines(item, indent + 2, where);
        lines.push(pad + "- " + inner[0].replace(/^\s+/, ""));
        lines = lines.concat(inner.slice(1));
      });
      return lines;
    }
    Object.keys(value).forEach(function (k) {
      var item = value[k];
      if (where.length === 1 && where[0] === "tasks") {
        var task = slot.tasks.filter(function (t) { return t.id === k; })[0];
        if (task) lines.push(pad + "# " + task.number + " " + task.title + "（本单位：" + task.roles + "）");
      }
      if (item && typeof item === "object" && (Array.isArray(item) ? item.length : Object.keys(item).length)) {
        lines.push(pad + k + ":");
        lines = lines.concat(yamlLines(item, indent + 2, where.concat([k])));
      } else if (Array.isArray(item)) lines.push(pad + k + ": []");
      else if (item && typeof item === "object") lines.push(pad + k + ": {}");
      else lines.push(pad + k + ": " + yamlScalar(item));
    });
    return lines;
  }
  function reportText() {
    return slot.head.concat(yamlLines(output(), 0, [])).join("\n") + "\n";
  }

  /* ---------- checking, in validate's words ---------- */
  function problems() {
    var data = output(), ok = checks[slot.kind](data), found = [];
    (ok ? [] : checks[slot.kind].errors).forEach(function (e) {
      var where = e.instancePath ? e.instancePath.slice(1).split("/").map(function (s) { return s.replace(/~1/g, "/").replace(/~0/g, "~"); }) : [];
      var node = data;
      where = where.map(function (s) { var step = Array.isArray(node) ? Number(s) : s; node = node == null ? node : node[step]; return step; });
      var target = where;
      if (e.keyword === "required") target = where.concat([e.params.missingProperty]);
      found.push({ field: key(target), where: where, message: describe(e, where) });
    });
    return found;
  }
  function describe(e, where) {
    var M = D.messages, W = D.words, name = fieldName(where), value = e.data, p = e.params;
    if (isEmpty(value) && ["type", "enum", "minLength", "pattern", "format", "const"].indexOf(e.keyword) >= 0) return fill(M.empty, { name: name });
    switch (e.keyword) {
      case "required":
        var title = ((e.parentSchema.properties || {})[p.missingProperty] || {}).title;
        return fill(M.required, { name: name, missing: p.missingProperty, label: "“" + p.missingProperty + "”" + (title ? "（" + title + "）" : "") });
      case "type":
        var wanted = (Array.isArray(p.type) ? p.type : String(p.type).split(",")).map(function (t) { return W.types[t] || t; }).join("或");
        return fill(M.type, { name: name, wanted: wanted, actual: typeZh(value), shown: show(value) });
      case "enum": return fill(M.enum, { name: name, shown: show(value), choices: p.allowedValues.join("、") });
      case "const": return fill(M["const"], { name: name, expected: p.allowedValue, shown: show(value) });
      case "pattern": return fill(M.pattern, { name: name, shown: show(value), hint: W.patterns[p.pattern] || "应符合格式 " + p.pattern });
      case "format": return fill(p.format === "date" ? M.date : M.format, { name: name, shown: show(value), expected: p.format });
      case "minLength": case "maxLength": case "minItems": case "maxItems": case "minProperties": case "maxProperties":
        return fill(M.length, { name: name, limit: fill(W.lengths[e.keyword].replace("{}", "{n}"), { n: p.limit }) });
      case "minimum": case "maximum": case "exclusiveMinimum": case "exclusiveMaximum":
        return fill(M.range, { name: name, shown: show(value), limit: fill(W.ranges[e.keyword].replace("{}", "{n}"), { n: p.limit }) });
      case "uniqueItems": return fill(M.unique, { name: name });
      default: return name + "不符合要求：" + e.message + "。";
    }
  }
  function check() {
    // Only what changed is touched: rewriting equal texts would move the page under the clerk's finger
    // (the browser's scroll anchoring loses the node it was holding on to).
    var found = problems(), want = {}, left = [];
    found.forEach(function (f) {
      var input = root.querySelector('[data-field="' + f.field + '"]');
      if (!input) { left.push(f); return; }
      if (!(f.field in want) && (showAll || touched[f.field])) want[f.field] = f.message;
      else if (!(f.field in want)) want[f.field] = null;
    });
    root.querySelectorAll("[data-field]").forEach(function (input) {
      var message = want[input.getAttribute("data-field")] || "";
      var p = document.getElementById(input.id + "-err");
      if (!p || p.textContent === message) return;
      p.textContent = message;
      p.hidden = !message;
      if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    });
    var lines = [];
    if (showAll && found.length) {
      lines.push("还有 " + (Object.keys(want).length + left.length) + " 处需要填写或修改（已在各项下方用红字标出），改好后才能报送。");
      left.forEach(function (f) { lines.push(f.message); });
    }
    var summary = root.querySelector(".tz-summary");
    if (summary.getAttribute("data-said") !== lines.join("\n")) {
      summary.textContent = "";
      summary.setAttribute("data-said", lines.join("\n"));
      lines.forEach(function (line, i) { summary.appendChild(el("p", { "class": i ? "tz-error" : null, text: line })); });
    }
    refreshHandIn(found.length === 0);
    return found;
  }

  /* ---------- drawing the form from the schema ---------- */
  function inputFor(where, sub, required) {
    var id = "tz-f" + (++seq), field = key(where), value = get(where), input;
    if (sub["enum"]) {
      input = el("select", { id: id });
      input.appendChild(el("option", { value: "", text: "请选择…" }));
      sub["enum"].forEach(function (c) { input.appendChild(el("option", { value: c, text: c })); });
    } else if (sub.type === "string" && sub.format === "date") {
      input = el("input", { id: id, type: "date", min: slot.dates.min, max: slot.dates.max });
    } else if (sub.type === "number" || sub.type === "integer") {
      input = el("input", { id: id, type: "text", inputmode: sub.type === "integer" ? "numeric" : "decimal", "class": "tz-short" });
    } else if (sub.type === "string" && !sub.pattern && !sub.format && (sub.maxLength || 5000) > 200) {  // issueforms.is_long_text
      input = el("textarea", { id: id, rows: "3" });
    } else {
      input = el("input", { id: id, type: sub.pattern && sub.pattern.indexOf("0-9+()") >= 0 ? "tel" : "text" });
    }
    input.setAttribute("data-field", field);
    input.setAttribute("aria-describedby", id + "-err");
    if (required) input.setAttribute("aria-required", "true");
    input.value = value === undefined || value === null ? "" : String(value);
    input.addEventListener("paste", onPaste);
    input.addEventListener("input", function () { onInput(input, where, sub); });
    input.addEventListener("change", function () { onInput(input, where, sub); });
    input.addEventListener("blur", function () { if (!touched[field]) { touched[field] = true; check(); } });
    var title = sub.title || String(where[where.length - 1]);
    return el("div", { "class": "tz-field" }, [
      el("label", { "for": id }, [title, el("span", { "class": "tz-need", text: required ? "（必填）" : "（选填）" })]),
      input,
      el("p", { "class": "tz-error", id: id + "-err", hidden: true })
    ]);
  }
  function onPaste(event) {
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var cleaned = clean(text);
    if (cleaned === text) return;
    event.preventDefault();
    var input = event.target;
    input.setRangeText(cleaned, input.selectionStart, input.selectionEnd, "end");
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function onInput(input, where, sub) {
    var text = input.value;
    if (input.tagName !== "SELECT" && input.type !== "date") {
      var cleaned = clean(text);
      if (cleaned !== text) {
        var at = input.selectionStart - (text.length - cleaned.length);
        input.value = cleaned; text = cleaned;
        try { input.setSelectionRange(at, at); } catch (err) { /* not a text input */ }
      }
    }
    var value = text;
    if (sub.type === "number" || sub.type === "integer") {
      var plain = text.trim().replace(/[，,]/g, "");
      value = plain === "" ? "" : (/^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : text);
    }
    set(where, value);
    touched[key(where)] = true;
    save();
    check();
  }
  function section(where, sub, required) {
    sub = resolve(sub);
    if (sub.type === "object" && sub.properties) {
      var box = el("fieldset", { "class": "tz-group" }, [el("legend", { text: sub.title || where.join(".") })]);
      Object.keys(sub.properties).forEach(function (k) {
        box.appendChild(field(where.concat([k]), sub.properties[k], (sub.required || []).indexOf(k) >= 0));
      });
      return box;
    }
    if (sub.type === "object" && sub.additionalProperties) return tasks(where, resolve(sub.additionalProperties));
    if (sub.type === "array") return rows(where, sub);
    return inputFor(where, sub, required);
  }
  function field(where, sub, required) {
    sub = resolve(sub);
    if (sub.type === "array") return rows(where, sub);
    if (sub.type === "object") return section(where, sub, required);
    return inputFor(where, sub, required);
  }
  function tasks(where, entry) {
    var box = el("div", { "class": "tz-tasks" });
    slot.tasks.forEach(function (t) {
      if (get(where.concat([t.id])) === undefined) set(where.concat([t.id]), {});
      var card = el("fieldset", { "class": "tz-task", id: "task-" + t.id }, [
        el("legend", { text: t.number + " " + t.title }),
        el("p", { "class": "tz-role", text: "本单位：" + t.roles })
      ]);
      Object.keys(entry.properties || {}).forEach(function (k) {
        card.appendChild(field(where.concat([t.id, k]), entry.properties[k], (entry.required || []).indexOf(k) >= 0));
      });
      box.appendChild(card);
    });
    return box;
  }
  function rows(where, sub) {
    var item = resolve(sub.items), list = get(where);
    if (!Array.isArray(list)) { list = []; set(where, list); }
    if (!list.length && (sub.minItems || 0) > 0) list.push({});
    var box = el("fieldset", { "class": "tz-rows" }, [el("legend", { text: (sub.title || where.join(".")) + (sub.minItems ? "（至少 " + sub.minItems + " 项）" : "（没有可不填）") })]);
    list.forEach(function (_, i) {
      var row = el("div", { "class": "tz-row" });
      Object.keys(item.properties || {}).forEach(function (k) {
        row.appendChild(field(where.concat([i, k]), item.properties[k], (item.required || []).indexOf(k) >= 0));
      });
      var remove = el("button", { type: "button", "class": "md-button tz-remove", text: "删除第 " + (i + 1) + " 项" });
      remove.addEventListener("click", function () { list.splice(i, 1); save(); redraw(); });
      row.appendChild(remove);
      box.appendChild(row);
    });
    var add = el("button", { type: "button", "class": "md-button", "data-action": "add-row", "data-rows": key(where), text: "添加一项" + (sub.title || "") });
    add.addEventListener("click", function () { list.push({}); save(); redraw(); var f = root.querySelectorAll('[data-field^="' + key(where) + "." + (list.length - 1) + '."]')[0]; if (f) f.focus(); });
    box.appendChild(add);
    return box;
  }

  /* ---------- drafts, starting points ---------- */
  function draftKey() { return "taizhang-form:" + D.unit.id + ":" + slot.kind + ":" + slot.period; }
  function save() {
    try { localStorage.setItem(draftKey(), JSON.stringify({ saved: new Date().toISOString(), data: state })); } catch (err) { /* private mode: nothing kept */ }
  }
  function loadDraft() {
    try { var raw = localStorage.getItem(draftKey()); return raw ? JSON.parse(raw) : null; } catch (err) { return null; }
  }
  function startFrom(data, whole) {
    var fresh = JSON.parse(JSON.stringify(slot.start));
    Object.keys(data || {}).forEach(function (k) {
      if (D.identity.indexOf(k) >= 0) return;
      if (k === "tasks" && data.tasks && typeof data.tasks === "object") {
        slot.tasks.forEach(function (t) { if (data.tasks[t.id]) fresh.tasks[t.id] = data.tasks[t.id]; });
      } else if (whole || !Array.isArray(data[k])) {
        fresh[k] = data[k];
      }
    });
    state = fresh; touched = {}; save(); redraw();
  }

  /* ---------- handing it in ---------- */
  function utf8Length(text) { return new TextEncoder().encode(text).length; }
  function editorLink(text) {
    if (!slot.editor) return null;
    if (slot.prefill) {
      var url = slot.editor + "&value=" + encodeURIComponent(text);
      if (utf8Length(url) <= D.limit) return { url: url, fits: true };
    }
    return { url: slot.editor, fits: false };
  }
  function copyText(text, done) {
    function fallback() {
      var area = el("textarea", { "aria-hidden": "true", "class": "tz-offscreen" });
      area.value = text; document.body.appendChild(area); area.select();
      try { document.execCommand("copy"); } catch (err) { /* shown in the preview instead */ }
      area.remove(); done();
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }
  function blocked(event) {
    showAll = true;
    var found = check();
    if (!found.length) return false;
    if (event) event.preventDefault();
    var first = root.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
    return true;
  }
  function say(text) { root.querySelector(".tz-said").textContent = text; }
  function refreshHandIn(ok) {
    var text = reportText();
    var pre = root.querySelector(".tz-preview pre");
    if (pre.textContent !== text) pre.textContent = text;
    var a = root.querySelector('[data-action="open-editor"]');
    if (a) {
      var link = editorLink(text);
      a.href = link.url;
      a.setAttribute("data-fits", link.fits ? "true" : "false");
      var note = link.fits
        ? "报告内容会随链接带到编辑器中。"
        : "报告较长，链接带不下全部内容：点击后会先把报告复制到剪贴板，请在打开的编辑器中全选后粘贴（Ctrl+V）。";
      var noteEl = root.querySelector(".tz-editor-note");
      if (noteEl.textContent !== note) noteEl.textContent = note;
    }
    root.querySelector(".tz-handin").setAttribute("data-ready", ok ? "true" : "false");
  }
  function handIn() {
    var upload = slot.upload ? el("a", { href: slot.upload, target: "_blank", rel: "noopener", text: "上传页面" }) : null;
    var box = el("section", { "class": "tz-handin", "aria-labelledby": "tz-handin-h" }, [
      el("h2", { id: "tz-handin-h", text: "报送" }),
      el("div", { "class": "tz-summary", role: "status", "aria-live": "polite" })
    ]);
    if (D.routes.indexOf("editor") >= 0 && slot.editor) {
      var a = el("a", { "class": "md-button md-button--primary", "data-action": "open-editor", href: slot.editor, target: "_blank", rel: "noopener", text: "在代码托管平台上提交" });
      a.addEventListener("click", function (event) {
        if (blocked(event)) return;
        if (a.getAttribute("data-fits") !== "true") copyText(reportText(), function () { say("报告已复制到剪贴板；请在新打开的编辑器中粘贴。"); });
      });
      box.appendChild(el("div", { "class": "tz-route" }, [a, el("p", { "class": "tz-editor-note" }),
        el("p", { text: "接下来：用本单位登记的账号登录，在打开的页面上点“Commit changes…”，再点“Propose changes”和“Create pull request”。校验通过后自动合并，合并到主分支的时间（北京时间）就是报送时间。" })]));
    }
    if (D.routes.indexOf("download") >= 0) {
      var b = el("button", { type: "button", "class": "md-button", "data-action": "download", text: "下载报告文件（" + slot.file + "）" });
      b.addEventListener("click", function (event) {
        if (blocked(event)) return;
        var blob = new Blob([reportText()], { type: "application/x-yaml;charset=utf-8" });
        var link = el("a", { href: URL.createObjectURL(blob), download: slot.file });
        document.body.appendChild(link); link.click(); link.remove();
        say("已下载 " + slot.file + "。");
      });
      box.appendChild(el("div", { "class": "tz-route" }, [b, el("p", {}, [
        "接下来：把下载的 " + slot.file + " 上传到仓库的 " + slot.path.replace(/[^/]+$/, "") + " 文件夹（网页上“Add file → Upload files”",
        upload ? "，或直接打开" : "", upload, "），提交拉取请求。合并到主分支的时间就是报送时间。"])]));
    }
    if (D.routes.indexOf("copy") >= 0) {
      var c = el("button", { type: "button", "class": "md-button", "data-action": "copy", text: "复制报告内容" });
      c.addEventListener("click", function (event) {
        if (blocked(event)) return;
        copyText(reportText(), function () { say("报告内容已复制到剪贴板。"); });
      });
      box.appendChild(el("div", { "class": "tz-route" }, [c, el("p", { text: "接下来：把复制的内容粘贴到电子邮件发给" + D.reviewer + "，或打印后交" + D.reviewer + "。" + D.reviewer + "登记收件后即为报送，登记的收件时间就是报送时间。" })]));
    }
    box.appendChild(el("p", { "class": "tz-said", role: "status", "aria-live": "polite" }));
    box.appendChild(el("details", { "class": "tz-preview" }, [el("summary", { text: "查看将要报送的文件内容" }), el("pre", {})]));
    return box;
  }

  /* ---------- the page ---------- */
  function redraw() {
    var body = root.querySelector(".tz-body");
    body.textContent = "";
    seq = 0;
    var schema = D.schemas[slot.kind], props = schema.properties || {};
    body.appendChild(el("p", { "class": "tz-due" }, [
      "文件：", el("code", { text: slot.path }), "　截止日期：" + slot.dueZh + "　状态：" + slot.status]));
    Object.keys(props).forEach(function (k) {
      if (D.identity.indexOf(k) >= 0) return;
      body.appendChild(section([k], props[k], (schema.required || []).indexOf(k) >= 0));
    });
    body.appendChild(handIn());
    check();
  }
  function choose(index) {
    slot = D.slots[index];
    touched = {}; showAll = false;
    var draft = loadDraft(), notice = root.querySelector(".tz-notice");
    notice.textContent = "";
    state = draft ? draft.data : JSON.parse(JSON.stringify(slot.start));
    if (draft) {
      var drop = el("button", { type: "button", "class": "md-button", "data-action": "discard", text: "清除草稿，重新填写" });
      drop.addEventListener("click", function () { localStorage.removeItem(draftKey()); choose(index); });
      notice.appendChild(el("p", { text: "已恢复本浏览器中保存的草稿（" + new Date(draft.saved).toLocaleString("zh-CN") + "）。" }));
      notice.appendChild(drop);
    }
    var starts = root.querySelector(".tz-starts");
    starts.textContent = "";
    if (slot.previous) {
      var prev = el("button", { type: "button", "class": "md-button", "data-action": "start-previous", text: "从" + slot.previous.label + "开始" });
      prev.addEventListener("click", function () { startFrom(slot.previous.data, false); say("已填入" + slot.previous.label + "的内容，请逐项改为本期情况。"); });
      starts.appendChild(prev);
    }
    // the browser's own file button speaks the browser's language; ours says 选择文件 in Chinese
    var file = el("input", { type: "file", id: "tz-file", accept: ".yml,.yaml,.txt", "data-action": "start-file", "class": "tz-offscreen" });
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (!f) return;
      f.text().then(function (text) {
        var data;
        try { data = window.jsyaml.load(text); } catch (err) { say("无法读取 " + f.name + "：它不是报告文件（YAML 格式有误）。请选择从本页下载或用模板填写的 .yml 文件。"); return; }
        if (!data || typeof data !== "object") { say("无法读取 " + f.name + "：文件中没有报告内容。"); return; }
        startFrom(data, true);
        say("已填入 " + f.name + " 的内容。");
      });
    });
    starts.appendChild(file);
    starts.appendChild(el("label", { "for": "tz-file", "class": "md-button tz-file" }, ["从已填好的报告文件开始（选择文件）"]));
    redraw();
  }
  function start() {
    root.textContent = "";
    if (!D.slots.length) {
      root.appendChild(el("p", { text: D.unit.name + "目前没有待填报的报告。" }));
      return;
    }
    var params = new URLSearchParams(location.search), index = 0;
    D.slots.forEach(function (s, i) { if (s.kind === params.get("kind") && s.period === params.get("period")) index = i; });
    var picker = el("select", { id: "tz-slot" });
    D.slots.forEach(function (s, i) {
      picker.appendChild(el("option", { value: String(i), text: s.label + "（" + s.status + "，截止 " + s.dueZh + "）" }));
    });
    picker.value = String(index);
    picker.addEventListener("change", function () { choose(Number(picker.value)); });
    root.appendChild(el("div", { "class": "tz-field tz-picker" }, [el("label", { "for": "tz-slot", text: "报送期间（未报的排在前面）" }), picker]));
    root.appendChild(el("div", { "class": "tz-starts" }));
    root.appendChild(el("div", { "class": "tz-notice", role: "status" }));
    root.appendChild(el("div", { "class": "tz-body" }));
    choose(index);
  }
  /* ---------- which unit: ?unit=<id> (form/<unit>.html opens this page so) ---------- */
  function fail(text) {
    root.textContent = "";
    root.appendChild(el("p", { "class": "tz-error", text: text }));
  }
  function load() {
    var id = new URLSearchParams(location.search).get("unit") || "";
    if (!window.TZ_FORM_SHARED) { fail("本页的填报规则文件（static/shared.js）没有载入，请刷新页面；仍不行的，请告诉审核科室。"); return; }
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) { fail("请从本单位页面上的“在线填报”链接打开本页（各单位的页面见网站的“单位”栏目）。"); return; }
    var script = document.createElement("script");
    script.src = "data/" + id + ".js";
    script.onload = function () {
      if (!window.TZ_FORM_UNIT || window.TZ_FORM_UNIT.unit.id !== id) { fail("单位代码为“" + id + "”的填报数据有误，请刷新页面；仍不行的，请告诉审核科室。"); return; }
      D = Object.assign({}, window.TZ_FORM_SHARED, window.TZ_FORM_UNIT);
      Object.keys(D.schemas).forEach(function (kind) { checks[kind] = ajv.compile(D.schemas[kind]); });
      var title = "在线填报：" + D.unit.name, h1 = document.querySelector("article h1");
      if (h1) h1.textContent = title;
      document.title = title + document.title.slice(document.title.indexOf(" - ") >= 0 ? document.title.indexOf(" - ") : document.title.length);
      var back = document.getElementById("tz-form-back");
      if (back) back.appendChild(el("span", {}, ["返回", el("a", { href: D.unit.page, text: D.unit.name }), "。"]));
      start();
    };
    script.onerror = function () { fail("没有找到单位代码为“" + id + "”的单位。请从本单位页面上的“在线填报”链接打开本页。"); };
    document.head.appendChild(script);
  }
  load();
})();
