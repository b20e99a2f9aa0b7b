// Suggestions as the reader types: an ARIA 1.2 combobox over the listbox htmx fills.
// Without this file (or JavaScript) the search form simply submits to the results page.
// Its words come from Django's JavaScript catalog (ngettext, interpolate), loaded before it.
(function () {
  "use strict";

  function setUp(form) {
    var input = form.querySelector("[role=combobox]");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[data-combobox-status]");
    if (!input || !list) return;
    var active = -1;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }

    function announce(text) {
      if (!status) return;
      status.textContent = "";
      // A fresh text node after clearing makes screen readers speak it again.
      window.setTimeout(function () { status.textContent = text; }, 30);
    }

    function highlight(index) {
      var all = options();
      active = index;
      all.forEach(function (option, i) {
        var on = i === index;
        option.setAttribute("aria-selected", on ? "true" : "false");
        option.classList.toggle("is-active", on);
        if (on) option.scrollIntoView({ block: "nearest" });
      });
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!options().length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      highlight(-1);
    }

    function go(option) {
      if (option && option.dataset.href) window.location.assign(option.dataset.href);
    }

    list.addEventListener("htmx:afterSwap", function () {
      var all = options();
      all.forEach(function (option, i) { option.id = list.id + "-" + i; });
      active = -1;
      var articles = all.filter(function (o) { return !o.classList.contains("suggestion--all"); });
      if (all.length && document.activeElement === input) {
        open();
        announce(interpolate(ngettext(
          "%(count)s suggestion. Use the up and down arrows to choose one.",
          "%(count)s suggestions. Use the up and down arrows to choose one.",
          articles.length), { count: articles.length }, true));
      } else {
        close();
        if (input.value.trim().length >= 2) announce(gettext("No suggestions."));
      }
    });

    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) return;
        event.preventDefault();
        if (list.hidden) open();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= all.length) next = 0;
        if (next < 0) next = all.length - 1;
        highlight(next);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0 && all[active]) {
          event.preventDefault();
          go(all[active]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      }
    });

    input.addEventListener("input", function () {
      if (input.value.trim().length < 2) close();
    });
    input.addEventListener("blur", function () {
      // After a click on an option has had its turn.
      window.setTimeout(close, 150);
    });
    input.addEventListener("focus", open);
    // Keep focus in the box while a pointer picks an option.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      go(event.target.closest("[role=option]"));
    });
  }

  function init() {
    document.querySelectorAll("form[data-combobox]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
