// The information panel: show one slide at a time, and fetch fresh slides every few minutes.
(function () {
  "use strict";
  var container = document.getElementById("kiosk-slides");
  if (!container) {
    return;
  }
  document.documentElement.classList.add("kiosk-js");
  var slideMs = (parseInt(container.dataset.slideSeconds, 10) || 12) * 1000;
  var refreshMs = (parseInt(container.dataset.refreshSeconds, 10) || 180) * 1000;
  var current = 0;

  function slides() {
    return container.querySelectorAll(".kiosk-slide");
  }

  function show(index) {
    var all = slides();
    if (!all.length) {
      return;
    }
    current = index % all.length;
    all.forEach(function (slide, i) {
      slide.classList.toggle("is-active", i === current);
    });
  }

  function refresh() {
    fetch(container.dataset.refreshUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        // The fragment is this site's own server-rendered HTML.
        container.innerHTML = html;
        show(0);
      })
      .catch(function () {
        // Keep showing the slides we have; the next refresh may succeed.
      });
  }

  function tickClock() {
    var clock = document.querySelector("[data-kiosk-clock] time");
    if (!clock) {
      return;
    }
    var now = new Date();
    clock.dateTime = now.toISOString();
    clock.textContent = now.toLocaleString(document.documentElement.lang || "pl", {
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  show(0);
  tickClock();
  setInterval(function () {
    show(current + 1);
  }, slideMs);
  setInterval(refresh, refreshMs);
  setInterval(tickClock, 30000);
})();
