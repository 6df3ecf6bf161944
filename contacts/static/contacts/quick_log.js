// Quick log: type-ahead person search (a combobox) and Ctrl+Enter to submit from the summary.
// Without this script the search form reloads the page with matches; nothing else depends on it.
(function () {
  "use strict";
  var input = document.getElementById("person-q");
  var list = document.getElementById("person-suggestions");
  var status = document.getElementById("person-suggestions-status");
  var summary = document.getElementById("id_summary");
  var form = document.getElementById("quick-log-form");

  if (summary && form) {
    summary.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
  }
  if (!input || !list) { return; }

  var results = [];
  var active = -1;
  var timer = null;
  var lastQuery = "";

  function choose(index) {
    var person = results[index];
    if (person) { window.location.href = input.dataset.selectUrl + person.id; }
  }

  function highlight(index) {
    var items = list.querySelectorAll("li");
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0 && items[index]) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    highlight(-1);
  }

  function render() {
    list.textContent = "";
    results.forEach(function (person, i) {
      var item = document.createElement("li");
      item.id = "person-option-" + person.id;
      item.className = "list-group-item";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var name = document.createElement("strong");
      name.textContent = person.name || person.email || person.phone;
      item.appendChild(name);
      var details = [person.email, person.phone, person.kind].filter(Boolean).join(" · ");
      var cases = person.open_cases.length;
      var casesText = cases ? " · " + input.dataset.casesLabel + " " + cases : "";
      item.appendChild(document.createTextNode(" " + details + casesText));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    status.textContent = input.dataset.foundLabel + " " + results.length;
    highlight(results.length ? 0 : -1);
  }

  function search() {
    var query = input.value.trim();
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (query.length < 2) { results = []; render(); return; }
    fetch(input.dataset.searchUrl + "?q=" + encodeURIComponent(query), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (input.value.trim() === query) { results = data.results; render(); }
      })
      .catch(function () { /* the plain search button still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && results.length) {
      event.preventDefault();
      highlight(Math.min(active + 1, results.length - 1));
    } else if (event.key === "ArrowUp" && results.length) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
