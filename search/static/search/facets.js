// Search page filters, progressive enhancement only: without this script the page is a plain GET form
// ("Filter anwenden", "Sortieren") and the filter fold is a <details> that opens without script.
// With it: ticking a facet value (or choosing a sort order) submits the form at once, the apply
// buttons disappear, a hint says so (WCAG 3.2.2), and after the new page loads the focus returns to
// the checkbox that was ticked, with the fold open on a phone. On wide screens the fold stays open.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) {
    return;
  }
  var FOCUS_KEY = "search:focus";
  var fold = document.querySelector("[data-filter-fold]");
  var wide = window.matchMedia ? window.matchMedia("(min-width: 56rem)") : null;

  document.querySelectorAll("[data-without-script]").forEach(function (element) {
    element.hidden = true;
  });
  document.querySelectorAll("[data-with-script]").forEach(function (element) {
    element.hidden = false;
  });

  function remember(control) {
    try {
      var entry = [control.name, control.value, Date.now()];
      window.sessionStorage.setItem(FOCUS_KEY, JSON.stringify(entry));
    } catch (e) {
      /* storage blocked: the focus simply starts at the top */
    }
  }

  function submit() {
    var results = document.querySelector(".search-results");
    if (results) {
      results.setAttribute("aria-busy", "true");
    }
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  document.querySelectorAll('input[type="checkbox"][form="search-form"]').forEach(function (box) {
    box.addEventListener("change", function () {
      remember(box);
      submit();
    });
  });
  document.querySelectorAll("select[data-apply-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      remember(select);
      submit();
    });
  });

  function restoreFocus() {
    var saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(FOCUS_KEY) || "null");
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) {
      return;
    }
    if (!saved || !(Date.now() - saved[2] < 30000)) {
      return; // only right after the submit this script made, never on a later visit
    }
    var controls = document.querySelectorAll('[form="search-form"]');
    for (var i = 0; i < controls.length; i++) {
      var control = controls[i];
      if (control.name === saved[0] && (control.tagName === "SELECT" || control.value === saved[1])) {
        var details = control.closest("details");
        while (details) {
          details.open = true;
          details = details.parentElement ? details.parentElement.closest("details") : null;
        }
        control.focus();
        return;
      }
    }
  }

  if (fold && wide) {
    var sync = function () {
      if (wide.matches) {
        fold.open = true;
      }
    };
    sync();
    if (wide.addEventListener) {
      wide.addEventListener("change", sync);
    }
  }
  restoreFocus();
})();
