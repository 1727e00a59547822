// Title suggestions while typing, for the search page. Progressive enhancement only: without this
// script the search form works the same, it just offers no suggestions. The API answers only with
// titles the signed-in member may open (search.suggest.autocomplete).
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-completions");
  if (!input || !list || !window.fetch) {
    return;
  }
  var url = input.getAttribute("data-autocomplete-url");
  var timer = null;
  var last = "";
  var controller = null;

  function fill(results) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    results.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.title; // text only: never parsed as HTML
      list.appendChild(option);
    });
  }

  function lookup() {
    var q = input.value.trim();
    if (q === last) {
      return;
    }
    last = q;
    if (q.length < 2) {
      fill([]);
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(q), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        if (input.value.trim() === q) {
          fill(data.results || []);
        }
      })
      .catch(function () {
        /* aborted or offline: keep the form as it is */
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 150);
  });
})();
