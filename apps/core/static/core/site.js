/* The few behaviours a page needs beyond HTML, bound by data attributes, so no page carries an inline
   script or handler and the Content-Security-Policy can forbid both (script-src 'self').
   - <form data-confirm="…">: ask before submitting what cannot be undone;
   - <select data-autosubmit>: submit its form when the choice changes;
   - <button data-print>: print the page. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
