// Hides questions whose condition (an earlier answer on the same page) is not met.
// Without JavaScript they stay visible and the server ignores them when the condition is not met.
(function () {
  "use strict";
  const form = document.querySelector(".survey-page form");
  if (!form) return;
  const conditional = form.querySelectorAll(".survey-conditional[data-show-if]");

  function chosen(name) {
    return Array.from(form.querySelectorAll('[name="' + name + '"]'))
      .filter((input) => (input.type === "radio" || input.type === "checkbox" ? input.checked : true))
      .map((input) => input.value);
  }

  function update() {
    conditional.forEach((block) => {
      const shown = chosen(block.dataset.showIf).includes(block.dataset.showIfValue);
      block.hidden = !shown;
      block.querySelectorAll("input, select, textarea").forEach((input) => {
        input.disabled = !shown;
      });
    });
  }

  form.addEventListener("change", update);
  update();

  const errors = document.getElementById("survey-errors");
  if (errors) errors.focus();
})();
