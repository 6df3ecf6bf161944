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

// The "other, please say" box shows once "other" is chosen (always there without JavaScript).
(function () {
  "use strict";
  document.querySelectorAll(".survey-other").forEach((box) => {
    const text = box.querySelector("input");
    const name = text.name.replace(/__other$/, "");
    const choices = document.querySelectorAll('[name="' + name + '"]');
    function update() {
      const chosen = Array.from(choices).some((c) => c.checked && c.value === "__other__");
      box.hidden = !chosen && !text.value && !box.querySelector(".is-invalid");
    }
    choices.forEach((c) => c.addEventListener("change", update));
    update();
  });
})();
