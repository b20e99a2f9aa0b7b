// Progressive enhancements for Helpdesk FAQ. Every page works without this file.
// Its words come from Django's JavaScript catalog (gettext, interpolate), loaded before it.
(function () {
  "use strict";

  function announce(region, text) {
    if (!region) return;
    region.textContent = "";
    // A fresh text node after clearing makes screen readers speak it again.
    window.setTimeout(function () { region.textContent = text; }, 30);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("Clipboard unavailable"));
  }

  function flash(button, label) {
    var original = button.dataset.label || button.textContent;
    button.dataset.label = original;
    button.textContent = label;
    button.classList.add("is-done");
    window.setTimeout(function () {
      button.textContent = original;
      button.classList.remove("is-done");
    }, 2000);
  }

  // A copy button after each piece of inline code in article text.
  function addCopyButtons(root) {
    root.querySelectorAll(".prose code").forEach(function (code) {
      if (code.closest("pre") || code.dataset.copyable) return;
      code.dataset.copyable = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = gettext("Copy");
      button.setAttribute("aria-label", interpolate(gettext("Copy %(code)s"), { code: code.textContent }, true));
      button.addEventListener("click", function () {
        copyText(code.textContent).then(function () {
          flash(button, gettext("Copied"));
          announce(document.querySelector(".action-status"),
            interpolate(gettext("Copied %(code)s"), { code: code.textContent }, true));
        }, function () {
          flash(button, gettext("Press Ctrl+C"));
          var range = document.createRange();
          range.selectNodeContents(code);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        });
      });
      code.insertAdjacentElement("afterend", button);
    });
  }

  function setUpActions() {
    var status = document.querySelector(".action-status");
    document.querySelectorAll("[data-action]").forEach(function (button) {
      var action = button.dataset.action;
      if (action === "share" && !navigator.share) return;
      if (action === "copy-link" && !(navigator.clipboard && window.isSecureContext)) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        if (action === "print") {
          window.print();
        } else if (action === "copy-link") {
          copyText(button.dataset.url).then(function () {
            announce(status, gettext("Link copied to the clipboard."));
          });
        } else if (action === "share") {
          navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(function () {});
        }
      });
    });
  }

  function init() {
    addCopyButtons(document);
    setUpActions();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSwap", function (event) { addCopyButtons(event.target); });
  // Screenshots load as they scroll into view; a printout needs every one of them.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll('img[loading="lazy"]').forEach(function (img) { img.loading = "eager"; });
  });
  // A "slow down" message from a rate-limited tick goes with the reader's next try.
  document.addEventListener("htmx:beforeRequest", function () {
    var alert = document.getElementById("tracker-alert");
    if (alert) alert.hidden = true;
  });
})();
