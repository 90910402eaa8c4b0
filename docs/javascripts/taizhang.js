// 台账网站的两处小补充（不向任何外部网站发出请求）：
// 1. 手机上把表格排成卡片：每个单元格带上列名（data-label），状态、填报等关键列排在卡片最前；
// 2. 搜索框在粘贴、输入法上屏时也立即搜索（Material 只在按键抬起时搜索，fill() 和输入法不触发按键）。
(function () {
  "use strict";
  var KEY_COLUMNS = ["状态", "填报", "逾期天数", "按时率", "推进状态", "等级", "一票否优"];

  function cards(root) {
    root.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) return;
      table.setAttribute("data-tz-cards", "");  // not a class: Material styles table:not([class])
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          var label = heads[i] || "";
          cell.setAttribute("data-label", label);
          if (i === 0) cell.classList.add("tz-card-head");
          if (KEY_COLUMNS.indexOf(label) >= 0) cell.classList.add("tz-key");
        });
      });
    });
  }

  function searchOnInput(root) {
    root.querySelectorAll(".md-search__input").forEach(function (input) {
      if (input.dataset.tzInput) return;
      input.dataset.tzInput = "1";
      var fire = function () {
        input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
      };
      input.addEventListener("input", fire);
      input.addEventListener("compositionend", fire);
    });
  }

  function ready() {
    cards(document);
    searchOnInput(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
