// New triage: the assessment beside the form updates as the worker answers, from the same
// engine on the server (the form posted with "assess", the page's #result swapped in).
// Without this script the Assess button does the same.
(function () {
  "use strict";
  var form = document.getElementById("triage-form");
  var result = document.getElementById("result");
  if (!form || !result || !window.fetch) { return; }
  var timer = null;
  var latest = 0;

  function update() {
    var body = new FormData(form);
    body.append("assess", "1");
    var asked = ++latest;
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || asked !== latest) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("result");
        if (fresh) { result.replaceChildren.apply(result, Array.from(fresh.childNodes)); }
      })
      .catch(function () { /* the Assess button still works */ });
  }

  function soon(delay) {
    clearTimeout(timer);
    timer = setTimeout(update, delay);
  }

  form.addEventListener("change", function () { soon(50); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") { soon(800); }
  });
})();
