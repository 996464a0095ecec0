/* The few behaviours a page needs beyond HTML, bound by data attributes, so no page carries an inline
   script or handler and the Content-Security-Policy can forbid both (script-src 'self').
   - <form data-confirm="…">: ask before submitting what cannot be undone;
   - <select data-autosubmit>: submit its form when the choice changes;
   - <button data-print>: print the page;
   - every submit button, and the element of every htmx request: shows that the work has started
     (disabled, "正在处理…" and the class is-busy), restored when htmx is done or the page is shown again
     from the back button; <form data-no-busy> opts out;
   - <button data-add-row="#template" data-rows="#rows" data-total="#id_x-TOTAL_FORMS" data-max="n">: one
     more formset row cloned from a <template> (its __prefix__ and __number__ filled in), no page reload;
   - <select data-member-choices="#member-rows">: its options follow the member rows above (成员N：姓名);
   - <form data-focus-error>: after a refused save, focus the error summary; on a phone scroll to and
     focus the first field in error instead; a summary link focuses its field. */
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

(function () {
  "use strict";
  var BUSY_TEXT = "正在处理…";

  function busy(button) {
    if (!button || button.classList.contains("is-busy")) { return; }
    button.classList.add("is-busy");
    button.setAttribute("aria-busy", "true");
    button.setAttribute("data-busy-label", button.tagName === "INPUT" ? button.value : button.textContent);
    if (button.tagName === "INPUT") { button.value = BUSY_TEXT; } else { button.textContent = BUSY_TEXT; }
    button.disabled = true;
  }

  function idle(button) {
    if (!button.classList.contains("is-busy")) { return; }
    var label = button.getAttribute("data-busy-label");
    if (button.tagName === "INPUT") { button.value = label; } else { button.textContent = label; }
    button.classList.remove("is-busy");
    button.removeAttribute("aria-busy");
    button.removeAttribute("data-busy-label");
    button.disabled = false;
  }

  function submitButtons(form) {
    return Array.prototype.slice.call(
      form.querySelectorAll("button:not([type=button]):not([type=reset]), input[type=submit]"));
  }

  // Bubbling, so a data-confirm that was cancelled (stopped in the capture phase above) never gets here.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.hasAttribute("data-no-busy") || form.hasAttribute("hx-post") ||
        form.hasAttribute("hx-get")) { return; }
    if (form.getAttribute("data-busy") === "1") { event.preventDefault(); return; }  // a second tap
    form.setAttribute("data-busy", "1");
    var pressed = event.submitter;
    // After this event the browser collects the form's values: a button disabled now would drop its own
    // name and value from them, so it is disabled a moment later.
    window.setTimeout(function () {
      if (pressed) { busy(pressed); }
      submitButtons(form).forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  function htmxButton(elt) {
    if (!elt || !elt.tagName) { return null; }
    if (elt.tagName === "FORM") { return submitButtons(elt)[0] || null; }
    return elt.closest("button, input[type=submit]");
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var button = htmxButton(event.detail && event.detail.elt);
    if (button && !button.closest("[data-no-busy]")) { busy(button); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var button = htmxButton(event.detail && event.detail.elt);
    if (button && button.isConnected) { idle(button); }
  });

  // Back to a page kept in the browser's cache: every button works again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.removeAttribute("data-busy");
      submitButtons(form).forEach(function (b) { b.disabled = false; });
    });
    document.querySelectorAll(".is-busy").forEach(idle);
  });

  // Member choices of the income rows follow the member rows.
  function memberLabels(container) {
    var rows = container ? container.querySelectorAll("fieldset.member-row") : [];
    return Array.prototype.map.call(rows, function (row, i) {
      var name = row.querySelector("input[name$='-name']");
      var text = name && name.value.trim();
      return "成员" + (i + 1) + (text ? "：" + text : "");
    });
  }
  function syncMembers() {
    document.querySelectorAll("select[data-member-choices]").forEach(function (select) {
      var labels = memberLabels(document.querySelector(select.getAttribute("data-member-choices")));
      var value = select.value;
      while (select.options.length > labels.length) { select.remove(select.options.length - 1); }
      labels.forEach(function (label, i) {
        var option = select.options[i];
        if (!option) { option = new Option(label, String(i)); select.add(option); }
        option.text = label;
      });
      if (value !== "" && Number(value) < labels.length) { select.value = value; }
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("fieldset.member-row")) { syncMembers(); }
  });
  document.addEventListener("htmx:afterSettle", syncMembers);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (!button) { return; }
    event.preventDefault();
    var template = document.querySelector(button.getAttribute("data-add-row"));
    var rows = document.querySelector(button.getAttribute("data-rows"));
    var total = document.querySelector(button.getAttribute("data-total"));
    if (!template || !rows || !total) { return; }
    var index = parseInt(total.value, 10) || 0;
    var max = parseInt(button.getAttribute("data-max") || "1000", 10);
    if (index >= max) { button.disabled = true; return; }
    var html = template.innerHTML.replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    syncMembers();
    var added = rows.lastElementChild;
    var first = added && added.querySelector("input, select, textarea");
    if (first) { first.focus(); }
    if (index + 1 >= max) { button.disabled = true; }
  });

  // After a refused save: the error summary, or on a phone the first field in error.
  function control(target) {
    if (!target) { return null; }
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) { return target; }
    return target.querySelector(".has-error input, .has-error select, .has-error textarea, input, select") || target;
  }
  function focusOn(target) {
    var field = control(target);
    if (!field) { return; }
    var box = field.closest(".field") || field;
    box.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }
  function showFirstError() {
    var form = document.querySelector("form[data-focus-error]");
    if (!form) { return; }
    var first = form.querySelector(".has-error");
    var summary = form.querySelector("[data-error-summary]");
    if (!first && !summary) { return; }
    if (window.matchMedia("(max-width: 700px)").matches && first) {
      focusOn(first);
    } else if (summary) {
      summary.focus();
    } else {
      focusOn(first);
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) { event.preventDefault(); focusOn(target); }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showFirstError);
  } else {
    showFirstError();
  }
})();
