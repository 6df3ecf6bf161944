// Show the company fields to entrepreneurs and the country to returning migrants only.
// Without this script every field stays visible, labelled with whom it is for.
(function () {
  "use strict";
  var form = document.querySelector(".registration-form");
  if (!form) { return; }
  var radios = form.querySelectorAll('input[name="participant_type"]');
  var groups = form.querySelectorAll("[data-show-for]");

  function update() {
    var checked = form.querySelector('input[name="participant_type"]:checked');
    var type = checked ? checked.value : "";
    groups.forEach(function (group) {
      group.hidden = group.getAttribute("data-show-for") !== type;
    });
  }

  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();
