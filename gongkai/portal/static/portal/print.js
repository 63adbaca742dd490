// The 打印 button of the 办事公开栏: print the page (the print stylesheet hides the rest).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
