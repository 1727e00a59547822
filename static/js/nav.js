// Folds the main navigation under a "Menü" button on narrow screens (the CSS decides the width).
// Without JavaScript the list stays open, as before.
(function () {
  "use strict";
  function init() {
    var button = document.querySelector(".nav-toggle");
    if (!button) return;
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) return;
    button.hidden = false;
    document.documentElement.classList.add("js-nav");
    if (list.querySelector(".badge")) {  // something new behind the folded list: say so on the button
      var marker = document.createElement("span");
      marker.className = "badge";
      marker.textContent = " (" + button.getAttribute("data-new-label") + ")";
      button.appendChild(marker);
    }
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "true" ? "false" : "true");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
