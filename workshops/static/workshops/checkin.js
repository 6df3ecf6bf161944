// Check-in without reloading the page: the forms keep working when this script does not run.
// The server answers the fetch with the row's state, the new counts and a sentence that the
// aria-live region reads out; the CSRF token travels in the form data as in a plain post.
(function () {
  "use strict";
  var labels = document.getElementById("checkin-labels");
  if (!labels || !window.fetch) { return; }
  var announcement = document.getElementById("checkin-announcement");

  function render(row, attended) {
    var state = attended === true ? "yes" : attended === false ? "no" : "";
    row.setAttribute("data-attended", state);
    row.querySelector(".attendance-state").textContent = labels.getAttribute("data-" + (state || "unknown"));
    row.querySelectorAll("form.attendance button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.value === state));
    });
  }

  function renderCounts(counts) {
    Object.keys(counts || {}).forEach(function (name) {
      document.querySelectorAll('[data-count="' + name + '"]').forEach(function (element) {
        element.textContent = String(counts[name]);
      });
    });
  }

  function announce(message) {
    if (!announcement || !message) { return; }
    // Cleared first, so that the same sentence twice is still read out.
    announcement.textContent = "";
    window.setTimeout(function () { announcement.textContent = message; }, 50);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("attendance")) { return; }
    event.preventDefault();
    var button = event.submitter;
    var data = new FormData(form);
    if (button && button.name) { data.set(button.name, button.value); }
    var row = form.closest("[data-registration]");
    fetch(form.action, {
      method: "POST",
      body: data,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (result) {
      render(row, result.attended);
      renderCounts(result.counts);
      announce(result.message);
    }).catch(function () {
      // Fall back to the ordinary post, keeping the value of the button pressed.
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "attended";
      hidden.value = button ? button.value : "";
      form.appendChild(hidden);
      form.submit();
    });
  });
})();
