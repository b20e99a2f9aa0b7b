// Charts keep their numbers in closed <details>; open them for print so paper gets the tables.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.chart__numbers").forEach((details) => {
    details.open = true;
  });
});
