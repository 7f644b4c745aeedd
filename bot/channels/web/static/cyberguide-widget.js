/*
 * cyberguide chat widget: plain JavaScript, no dependencies, nothing from other hosts.
 *
 * Embed with one tag (attributes are optional):
 *   <script src="https://GATEWAY/widget/cyberguide-widget.js"
 *           data-cyberguide-gateway="https://GATEWAY"
 *           data-cyberguide-target="#chat"          (mount inside this element; default: floating)
 *           data-cyberguide-exit-url="https://www.bbc.co.uk/weather"
 *           defer></script>
 *
 * Safety rules this file keeps:
 * - No cookies, no localStorage. The conversation lives in memory; it is copied to
 *   sessionStorage (this tab only) only if the person ticks "Keep this chat if I reload".
 * - Quick exit (button or Escape) wipes the chat from the page and storage, ends the session
 *   on the gateway and replaces this page in history with a neutral site.
 * - Bot and user text is only ever put in the page with textContent / createElement.
 */
(function () {
  "use strict";

  if (window.cyberguide) {
    return; // already on this page
  }

  var STORAGE_KEY = "cyberguide.chat.v1";
  var DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather";
  var DEFAULT_MAX_CHARS = 2000;
  var REQUEST_TIMEOUT_MS = 45000;
  var MAX_ANNOUNCEMENTS = 6;
  var URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
  var LIST_ITEM = /^\s*(?:\u2022|-)\s+(.*)$/;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

  var script = document.currentScript || document.querySelector('script[src*="cyberguide-widget.js"]');
  var scriptSrc = script && script.src ? script.src : window.location.href;
  var dataset = (script && script.dataset) || {};

  var config = {
    gateway: trimSlash(dataset.cyberguideGateway || new URL(scriptSrc, window.location.href).origin),
    target: dataset.cyberguideTarget || "",
    exitUrl: dataset.cyberguideExitUrl || DEFAULT_EXIT_URL,
    exitUrlFixed: Boolean(dataset.cyberguideExitUrl),
    maxChars: DEFAULT_MAX_CHARS,
    title: dataset.cyberguideTitle || "cyberguide",
  };

  var state = {
    token: null,
    items: [], // {who: "user" | "bot", text, buttons?} — what the person sees, in order
    busy: false,
    keep: false,
  };

  var ui = null; // the DOM nodes, once built

  function trimSlash(url) {
    return String(url).replace(/\/+$/, "");
  }

  /* ---------------------------------------------------------------- DOM helpers */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) {
          return;
        }
        if (name === "text") {
          node.textContent = value;
        } else if (name === "className") {
          node.className = value;
        } else if (name.slice(0, 2) === "on") {
          node.addEventListener(name.slice(2), value);
        } else {
          node.setAttribute(name, value === true ? "" : String(value));
        }
      });
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function srOnly(text) {
    return el("span", { className: "cg-sr-only", text: text });
  }

  /** Append text with **bold** and http(s) links as safe DOM nodes. */
  function appendInline(parent, text) {
    text.split(/(\*\*[^*]+\*\*)/).forEach(function (part) {
      if (/^\*\*[^*]+\*\*$/.test(part)) {
        var strong = el("strong");
        appendLinks(strong, part.slice(2, -2));
        parent.appendChild(strong);
      } else if (part) {
        appendLinks(parent, part);
      }
    });
  }

  function appendLinks(parent, text) {
    var last = 0;
    text.replace(URL_PATTERN, function (match, offset) {
      var url = match.replace(TRAILING_PUNCTUATION, "");
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      parent.appendChild(
        el("a", { href: url, target: "_blank", rel: "noopener noreferrer", className: "cg-link" }, [
          url,
          srOnly(" (opens in a new tab)"),
        ])
      );
      last = offset + url.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** Bot text: blank lines split paragraphs, "• " or "- " lines become list items. */
  function renderText(container, text) {
    var list = null;
    var paragraph = null;
    String(text).split("\n").forEach(function (line) {
      var item = LIST_ITEM.exec(line);
      if (item) {
        if (!list) {
          list = container.appendChild(el("ul", { className: "cg-list" }));
        }
        var li = list.appendChild(el("li"));
        appendInline(li, item[1]);
        paragraph = null;
      } else if (!line.trim()) {
        list = null;
        paragraph = null;
      } else {
        list = null;
        if (paragraph) {
          paragraph.appendChild(el("br"));
        } else {
          paragraph = container.appendChild(el("p"));
        }
        appendInline(paragraph, line);
      }
    });
  }

  /* ---------------------------------------------------------------- building the widget */

  function build() {
    var floating = !config.target;
    var host = floating ? null : document.querySelector(config.target);
    if (!floating && !host) {
      floating = true;
    }

    var root = el("div", { className: "cg-root " + (floating ? "cg-floating" : "cg-inline"), lang: "en" });
    var exitButton = el(
      "button",
      { type: "button", className: "cg-exit", "aria-describedby": "cyberguide-exit-hint", onclick: quickExit },
      ["Quick exit", el("span", { className: "cg-exit-key", "aria-hidden": "true", text: "Esc" })]
    );
    var exitHint = el("span", {
      id: "cyberguide-exit-hint",
      className: "cg-sr-only",
      text: "Leaves this page at once and clears this chat. You can also press the Escape key.",
    });

    var launcher = null;
    var closeButton = null;
    if (floating) {
      launcher = el("button", {
        type: "button",
        className: "cg-launcher",
        "aria-expanded": "false",
        "aria-controls": "cyberguide-panel",
        text: "Chat with " + config.title,
        onclick: function () {
          setOpen(true);
        },
      });
      closeButton = el("button", {
        type: "button",
        className: "cg-close",
        "aria-label": "Minimise chat",
        title: "Minimise chat",
        text: "\u2212",
        onclick: function () {
          setOpen(false);
        },
      });
    }

    var startButton = el("button", {
      type: "button",
      className: "cg-button cg-start",
      text: "Start chat",
      onclick: function () {
        send("Hello");
      },
    });
    var safety = el("div", { className: "cg-safety", role: "note", "aria-labelledby": "cyberguide-safety-title" }, [
      el("h3", { id: "cyberguide-safety-title", className: "cg-safety-title", text: "Before you start" }),
      el("ul", { className: "cg-list" }, [
        el("li", {
          text: "If someone may be watching this device or your accounts, use a safer one if you can, like a friend\u2019s phone or a library computer.",
        }),
        el("li", {
          text: "To hide this visit, use a private window, or clear your browser history afterwards (usually Settings, then Privacy, then Clear browsing data).",
        }),
        el("li", { text: "Press Esc or Quick exit at any time to leave this page at once." }),
        el("li", { text: "Nothing is saved unless you choose to keep this chat." }),
        el("li", { text: "If you are in danger now, call your local emergency number." }),
      ]),
      el("p", { className: "cg-safety-start", text: "When you are ready, type below or " }, [startButton]),
    ]);

    var log = el("ol", { className: "cg-log", "aria-label": "Conversation" });
    var typing = el("div", { className: "cg-typing", hidden: true }, [
      el("span", { className: "cg-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
      config.title + " is typing\u2026",
    ]);
    var announcer = el("div", { className: "cg-sr-only cg-announcer", "aria-live": "polite", "aria-atomic": "false" });
    var errorBox = el("div", { className: "cg-error-slot" });

    var input = el("textarea", {
      id: "cyberguide-input",
      className: "cg-input",
      rows: 1,
      maxlength: config.maxChars,
      autocomplete: "off",
      spellcheck: "true",
      "aria-describedby": "cyberguide-input-hint cyberguide-counter",
      placeholder: "Type your message",
    });
    var counter = el("p", { id: "cyberguide-counter", className: "cg-counter", hidden: true });
    var sendButton = el("button", { type: "submit", className: "cg-button cg-send", text: "Send" });
    var form = el("form", { className: "cg-form", novalidate: true, onsubmit: onSubmit }, [
      el("label", { for: "cyberguide-input", className: "cg-label", text: "Your message" }),
      el("p", {
        id: "cyberguide-input-hint",
        className: "cg-hint cg-keys-hint",
        text: "Press Enter to send, Shift and Enter for a new line.",
      }),
      el("div", { className: "cg-form-row" }, [input, sendButton]),
      counter,
    ]);

    var keep = el("input", { type: "checkbox", id: "cyberguide-keep", className: "cg-keep-box", onchange: onKeepChange });
    var deleteButton = el("button", { type: "button", className: "cg-link-button", text: "Delete chat", onclick: deleteChat });
    var footer = el("div", { className: "cg-footer" }, [
      el("div", { className: "cg-keep" }, [
        keep,
        el("label", { for: "cyberguide-keep" }, [
          "Keep this chat if I reload this page",
          el("span", { className: "cg-hint", text: " (only in this tab, until you close it)" }),
        ]),
      ]),
      deleteButton,
    ]);

    var header = el("div", { className: "cg-header" }, [
      el("h2", { id: "cyberguide-title", className: "cg-title", text: config.title }),
      el("p", { className: "cg-subtitle", text: "Information and support for online stalking and harassment. Not legal advice." }),
    ]);
    if (closeButton) {
      header.appendChild(closeButton);
    }

    var panel = el(
      "section",
      { id: "cyberguide-panel", className: "cg-panel", "aria-labelledby": "cyberguide-title", hidden: floating },
      [header, el("div", { className: "cg-body" }, [safety, log, typing, errorBox]), announcer, form, footer]
    );

    root.appendChild(exitButton);
    root.appendChild(exitHint);
    root.appendChild(panel);
    if (launcher) {
      root.appendChild(launcher);
    }
    (host || document.body).appendChild(root);

    input.addEventListener("keydown", onInputKey);
    input.addEventListener("input", function () {
      updateCounter();
      fitInput();
    });

    return {
      root: root,
      panel: panel,
      launcher: launcher,
      safety: safety,
      log: log,
      typing: typing,
      announcer: announcer,
      errorBox: errorBox,
      input: input,
      counter: counter,
      sendButton: sendButton,
      keep: keep,
      body: panel.querySelector(".cg-body"),
    };
  }

  function setOpen(open) {
    if (!ui.launcher) {
      return;
    }
    ui.panel.hidden = !open;
    ui.launcher.setAttribute("aria-expanded", String(open));
    ui.launcher.hidden = open;
    if (open) {
      ui.input.focus();
      scrollToEnd();
    } else {
      ui.launcher.focus();
    }
  }

  /* ---------------------------------------------------------------- transcript */

  function addItem(item, announce) {
    state.items.push(item);
    var entry = renderItem(item, announce);
    persist();
    return entry;
  }

  function renderItem(item, announce) {
    ui.safety.hidden = true;
    var bubble = el("div", { className: "cg-bubble" });
    if (item.who === "bot") {
      renderText(bubble, item.text || "");
    } else {
      bubble.appendChild(el("p", { text: item.text }));
    }
    var entry = el("li", { className: "cg-msg cg-msg--" + item.who }, [
      srOnly(item.who === "bot" ? config.title + " said: " : "You said: "),
      bubble,
    ]);
    ui.log.appendChild(entry);
    if (item.buttons && item.buttons.length) {
      ui.log.appendChild(renderChoices(item.buttons));
    }
    if (item.who === "user") {
      scrollToEnd();
    }
    if (announce && item.who === "bot") {
      var spoken = item.text || "";
      if (item.buttons && item.buttons.length) {
        spoken += " Choices: " + item.buttons.map(function (b) { return b.title; }).join(", ") + ".";
      }
      announceText(spoken);
    }
    return entry;
  }

  function renderChoices(buttons) {
    var group = el("li", { className: "cg-choices", role: "group", "aria-label": "Answers you can choose" });
    buttons.forEach(function (button) {
      group.appendChild(
        el("button", {
          type: "button",
          className: "cg-button cg-choice",
          text: button.title,
          onclick: function () {
            send({ button: button.id }, button.title);
          },
        })
      );
    });
    return group;
  }

  function removeChoices() {
    Array.prototype.forEach.call(ui.log.querySelectorAll(".cg-choices"), function (node) {
      node.parentNode.removeChild(node);
    });
    state.items.forEach(function (item) {
      delete item.buttons;
    });
  }

  function announceText(text) {
    ui.announcer.appendChild(el("p", { text: text }));
    while (ui.announcer.childNodes.length > MAX_ANNOUNCEMENTS) {
      ui.announcer.removeChild(ui.announcer.firstChild);
    }
  }

  function scrollToEnd() {
    ui.body.scrollTop = ui.body.scrollHeight;
  }

  /** Show a new reply from its start, so a long answer is read from the top. */
  function scrollToShow(entry) {
    var top = entry.offsetTop - 8;
    ui.body.scrollTop = Math.min(top, ui.body.scrollHeight);
  }

  /** Grow the message box with its text, up to the CSS max-height. */
  function fitInput() {
    ui.input.style.height = "auto";
    ui.input.style.height = ui.input.scrollHeight + 4 + "px";
  }

  function setTyping(on) {
    ui.typing.hidden = !on;
    ui.sendButton.setAttribute("aria-disabled", String(on));
    if (on) {
      scrollToEnd();
    }
  }

  function clearError() {
    ui.errorBox.textContent = "";
  }

  function showError(message, retry) {
    clearError();
    var box = el("div", { className: "cg-error", role: "alert" }, [el("p", { text: message })]);
    if (retry) {
      box.appendChild(
        el("button", {
          type: "button",
          className: "cg-button cg-retry",
          text: "Try again",
          onclick: function () {
            clearError();
            ui.input.focus();
            retry();
          },
        })
      );
    }
    ui.errorBox.appendChild(box);
    scrollToEnd();
  }

  /* ---------------------------------------------------------------- talking to the gateway */

  function ChatError(message, retryable, status) {
    this.message = message;
    this.retryable = retryable;
    this.status = status || 0;
  }

  function request(method, path, body, token) {
    var headers = {};
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (token) {
      headers["Authorization"] = "Bearer " + token;
    }
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    return fetch(config.gateway + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: controller ? controller.signal : undefined,
    })
      .then(
        function (response) {
          return response
            .json()
            .catch(function () { return {}; })
            .then(function (data) {
              if (response.ok) {
                return data;
              }
              var message = (data && data.error) || "Something went wrong. Please try again.";
              throw new ChatError(message, response.status === 429 || response.status >= 500, response.status);
            });
        },
        function (error) {
          var timedOut = error && error.name === "AbortError";
          throw new ChatError(
            timedOut
              ? "cyberguide took too long to answer. Your message may not have been sent."
              : "cyberguide can\u2019t be reached. Please check your internet connection. If you are in danger now, call your local emergency number.",
            true
          );
        }
      )
      .finally(function () {
        if (timer) {
          clearTimeout(timer);
        }
      });
  }

  function openSession() {
    return request("POST", "/api/session").then(function (data) {
      state.token = data.token;
      persist();
    });
  }

  /** ``message`` is {text} for typed words, or {button: id} for a tap (the gateway knows the payload). */
  function postMessage(message) {
    var ready = state.token ? Promise.resolve() : openSession();
    return ready.then(function () {
      return request("POST", "/api/message", message, state.token);
    });
  }

  function matchesSafe(node, selector) {
    try {
      return node.matches(selector);
    } catch (unsupported) {
      return true; // old browsers without :focus-visible: treat as keyboard
    }
  }

  /** Send typed text, or a tapped button ({button: id}); ``shownAs`` is what the person sees (its title). */
  function send(text, shownAs) {
    var message = typeof text === "string" ? { text: text } : text;
    if (state.busy) {
      return;
    }
    // The pressed button is about to disappear. Keyboard users go back to the message box;
    // on touch screens that would pop up the keyboard, so focus is left alone there.
    var active = document.activeElement;
    var keyboardOnVanishing = Boolean(
      active && active.closest && active.closest(".cg-choices, .cg-safety") && matchesSafe(active, ":focus-visible")
    );
    clearError();
    removeChoices();
    var shown = shownAs || message.text;
    addItem({ who: "user", text: shown }, false);
    if (keyboardOnVanishing) {
      ui.input.focus();
    }
    deliver(message, shown);
  }

  function deliver(message, shown) {
    state.busy = true;
    setTyping(true);
    postMessage(message)
      .catch(function (error) {
        if (error instanceof ChatError && error.status === 401 && state.token) {
          // The session ended or timed out (or the gateway restarted): start a new one once.
          // A new chat has no buttons yet, so a tap goes as the words on the button.
          state.token = null;
          announceText("Your earlier chat had ended, so this is a new chat.");
          message = message.button ? { text: shown } : message;
          return postMessage(message);
        }
        throw error;
      })
      .then(function (data) {
        setTyping(false);
        state.busy = false;
        var firstNew = null;
        (data.messages || []).forEach(function (reply) {
          if (reply.text || (reply.buttons && reply.buttons.length)) {
            var entry = addItem({ who: "bot", text: reply.text || "", buttons: reply.buttons || [] }, true);
            firstNew = firstNew || entry;
          }
        });
        if (firstNew) {
          scrollToShow(firstNew);
        }
        var firstChoice = ui.log.querySelector(".cg-choices .cg-choice");
        if (firstChoice && (document.activeElement === document.body || !document.activeElement)) {
          firstChoice.focus({ preventScroll: true });
        }
      })
      .catch(function (error) {
        setTyping(false);
        state.busy = false;
        var errorText = error instanceof ChatError ? error.message : "Something went wrong. Please try again.";
        var retryable = !(error instanceof ChatError) || error.retryable;
        if (!retryable) {
          // Not sent and retrying won't help (e.g. too long): give the text back to edit.
          state.items.pop();
          if (ui.log.lastChild) {
            ui.log.removeChild(ui.log.lastChild);
          }
          persist();
          ui.input.value = shown;
          updateCounter();
        }
        showError(
          retryable ? "Your message was not sent. " + errorText : errorText,
          retryable
            ? function () {
                deliver(message, shown);
              }
            : null
        );
      });
  }

  function endSessionInBackground(token) {
    var url = config.gateway + "/api/session/end";
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([token], { type: "text/plain" }))) {
        return;
      }
    } catch (ignored) {
      // fall through to fetch
    }
    try {
      fetch(url, {
        method: "POST",
        headers: { Authorization: "Bearer " + token },
        keepalive: true,
        mode: "cors",
        credentials: "omit",
        referrerPolicy: "no-referrer",
      }).catch(function () {});
    } catch (ignored) {
      // nothing more we can do; the gateway ends idle sessions by itself
    }
  }

  /* ---------------------------------------------------------------- storage (opt-in only) */

  function storage() {
    try {
      return window.sessionStorage;
    } catch (blocked) {
      return null;
    }
  }

  function persist() {
    var store = storage();
    if (!store) {
      return;
    }
    try {
      if (state.keep) {
        store.setItem(STORAGE_KEY, JSON.stringify({ token: state.token, items: state.items }));
      } else {
        store.removeItem(STORAGE_KEY);
      }
    } catch (full) {
      // storage full or blocked: the chat still works, it just won't survive a reload
    }
  }

  function restore() {
    var store = storage();
    var saved = null;
    try {
      saved = store && JSON.parse(store.getItem(STORAGE_KEY) || "null");
    } catch (broken) {
      saved = null;
    }
    if (!saved || !Array.isArray(saved.items)) {
      return;
    }
    state.keep = true;
    state.token = typeof saved.token === "string" ? saved.token : null;
    ui.keep.checked = true;
    saved.items.forEach(function (item) {
      if (item && (item.who === "user" || item.who === "bot") && typeof item.text === "string") {
        var clean = { who: item.who, text: item.text };
        if (Array.isArray(item.buttons)) {
          clean.buttons = item.buttons.filter(function (b) {
            return b && typeof b.title === "string" && typeof b.id === "string";
          });
        }
        state.items.push(clean);
        renderItem(clean, false);
      }
    });
  }

  /* ---------------------------------------------------------------- ending and leaving */

  function wipe() {
    var store = storage();
    try {
      if (store) {
        store.removeItem(STORAGE_KEY);
      }
    } catch (ignored) {
      // nothing stored
    }
    var token = state.token;
    state.token = null;
    state.items = [];
    state.keep = false;
    return token;
  }

  function deleteChat() {
    var token = wipe();
    ui.log.textContent = "";
    ui.announcer.textContent = "";
    clearError();
    ui.keep.checked = false;
    ui.input.value = "";
    updateCounter();
    ui.safety.hidden = false;
    ui.input.focus();
    if (token) {
      forgetOnServer(token);
    } else {
      announceText("Chat deleted.");
    }
  }

  /** Ask the gateway to erase the chat and say only what its answer shows (it answers 200 once
   * Rasa has forgotten the conversation, 503 while it has not). */
  function forgetOnServer(token) {
    var shownIn = ui;
    request("POST", "/api/session/end", undefined, token).then(
      function () {
        if (ui === shownIn) {
          announceText("Chat deleted.");
        }
      },
      function (error) {
        if (ui !== shownIn) {
          return;
        }
        if (error instanceof ChatError && error.status === 401) {
          // The server no longer knows this chat: it had already ended (and been erased, or is being).
          announceText("Chat cleared from this screen. It had already ended on the server.");
          return;
        }
        var answered = error instanceof ChatError && error.status === 503 && error.message;
        var why = error instanceof ChatError && error.message ? " " + error.message : "";
        showError(
          answered || "Cleared from this screen, but cyberguide has not confirmed that it erased this chat." + why,
          function () {
            forgetOnServer(token);
          }
        );
      }
    );
  }

  /** Leave at once: wipe everything, end the session, replace this page in history. */
  function quickExit() {
    var token = wipe();
    if (ui && ui.root.parentNode) {
      ui.root.parentNode.removeChild(ui.root);
    }
    ui = null;
    if (token) {
      endSessionInBackground(token);
    }
    window.location.replace(config.exitUrl);
  }

  /* ---------------------------------------------------------------- events */

  function onSubmit(event) {
    event.preventDefault();
    var text = ui.input.value.trim();
    if (!text || state.busy) {
      return;
    }
    ui.input.value = "";
    updateCounter();
    fitInput();
    send(text);
  }

  function onInputKey(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.input.form.requestSubmit ? ui.input.form.requestSubmit() : onSubmit(event);
    }
  }

  function onKeepChange() {
    state.keep = ui.keep.checked;
    persist();
    announceText(state.keep ? "This chat will be kept in this tab until you close it." : "This chat will not be kept.");
  }

  function updateCounter() {
    var left = config.maxChars - ui.input.value.length;
    var near = left <= Math.min(200, Math.floor(config.maxChars / 10));
    ui.counter.hidden = !near;
    ui.counter.textContent = near ? left + " characters left" : "";
  }

  function onKeyDown(event) {
    if ((event.key === "Escape" || event.key === "Esc") && !event.isComposing) {
      event.preventDefault();
      quickExit();
    }
  }

  function onPageHide() {
    if (!ui || state.keep) {
      return;
    }
    // Not kept: a conversation must not come back with Back or from the page cache.
    var token = wipe();
    if (token) {
      endSessionInBackground(token);
    }
    ui.log.textContent = "";
    ui.announcer.textContent = "";
    clearError();
    ui.safety.hidden = false;
  }

  function loadServerConfig() {
    request("GET", "/api/config")
      .then(function (data) {
        if (!config.exitUrlFixed && typeof data.exit_url === "string" && /^https?:\/\//.test(data.exit_url)) {
          config.exitUrl = data.exit_url;
        }
        if (typeof data.max_message_chars === "number" && data.max_message_chars > 0 && ui) {
          config.maxChars = data.max_message_chars;
          ui.input.setAttribute("maxlength", String(config.maxChars));
        }
      })
      .catch(function () {
        // The defaults work; a real problem will show when the person sends a message.
      });
  }

  function init() {
    var stylesheet = new URL("cyberguide-widget.css", scriptSrc).href;
    if (!document.querySelector('link[href="' + stylesheet + '"]')) {
      document.head.appendChild(el("link", { rel: "stylesheet", href: stylesheet }));
    }
    ui = build();
    restore();
    document.addEventListener("keydown", onKeyDown, true);
    window.addEventListener("pagehide", onPageHide);
    loadServerConfig();
  }

  window.cyberguide = { quickExit: quickExit };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
