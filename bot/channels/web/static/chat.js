/*
 * cyberguide chat: the chat inside the widget's frame (GET /widget/chat on the gateway).
 * Plain JavaScript, no dependencies, nothing from other hosts.
 *
 * The host site's page holds only cyberguide-widget.js: a quick exit button, a launcher and an
 * iframe pointing here. This page is on the gateway's origin, so the host page's scripts cannot
 * read its DOM, its memory or its storage; its settings come from the gateway, written into
 * <html data-*> (the host page's origin, inline or floating, the exit URL, the title, the limit).
 *
 * Safety rules this file keeps:
 * - No cookies, no localStorage. The conversation lives in memory. Only if the person ticks
 *   "Keep this chat if I reload this page" is it written to this frame's sessionStorage, and
 *   only as the page is left (pagehide, or the tab hidden); it is removed as soon as the page is
 *   shown again, and a copy more than a minute old is thrown away (and its session ended)
 *   rather than shown, so reopening a closed tab later brings nothing back.
 * - Quick exit (Escape here or in the host page, or the host page's button) wipes the chat from
 *   this page and storage, ends the session on the gateway and asks the host page to replace
 *   itself with a neutral site; pressed here, it also navigates the top window itself.
 * - Messages to and from the host page go only to and from its origin, and carry no words of
 *   the conversation: "ready" (the exit URL), "minimise", "leave"; "focus" and "quick-exit" in.
 * - Bot and user text is only ever put in the page with textContent / createElement.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "cyberguide.chat.v1";
  var KEEP_FOR_MS = 60 * 1000; // a kept chat is only restored by a reload this soon after leaving
  var DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather";
  var DEFAULT_MAX_CHARS = 2000;
  var REQUEST_TIMEOUT_MS = 45000;
  var MAX_ANNOUNCEMENTS = 6;
  var URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
  var LIST_ITEM = /^\s*(?:\u2022|-)\s+(.*)$/;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;
  var HTTP_URL = /^https?:\/\//;

  var page = document.documentElement.dataset;
  var framed = window.parent !== window;

  var config = {
    // The API is on this page's own origin, next to /widget/ (behind any path prefix).
    gateway: new URL("..", window.location.href).href.replace(/\/+$/, ""),
    host: page.host || "", // the embedding page's origin, checked by the gateway (frame-ancestors)
    floating: page.mode === "floating",
    exitUrl: HTTP_URL.test(page.exitUrl || "") ? page.exitUrl : DEFAULT_EXIT_URL,
    maxChars: parseInt(page.maxChars, 10) > 0 ? parseInt(page.maxChars, 10) : DEFAULT_MAX_CHARS,
    title: page.title || "cyberguide",
  };

  var state = {
    token: null,
    items: [], // {who: "user" | "bot", text, buttons?} — what the person sees, in order
    busy: false,
    keep: false,
  };

  var ui = null; // the DOM nodes, once built

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
    var root = el("div", { className: "cg-root cg-framed " + (config.floating ? "cg-floating" : "cg-inline") });
    // In a frame, the host page shows the quick exit button (where it is always in view); the
    // chat page opened on its own shows its own.
    var exitButton = framed
      ? null
      : el(
          "button",
          { type: "button", className: "cg-exit", "aria-describedby": "cyberguide-exit-hint", onclick: onExitButton },
          ["Quick exit", el("span", { className: "cg-exit-key", "aria-hidden": "true", text: "Esc" })]
        );
    var exitHint = exitButton
      ? el("span", {
          id: "cyberguide-exit-hint",
          className: "cg-sr-only",
          text: "Leaves this page at once and clears this chat. You can also press the Escape key.",
        })
      : null;

    // Floating: the launcher is in the host page; minimising asks it to hide this frame.
    var closeButton =
      config.floating && framed
        ? el("button", {
            type: "button",
            className: "cg-close",
            "aria-label": "Minimise chat",
            title: "Minimise chat",
            text: "\u2212",
            onclick: function () {
              tellHost({ type: "cyberguide:minimise" });
            },
          })
        : null;

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
          text: "To hide this visit, use a private window. Clearing your whole history can be noticed: removing only the pages about getting help is often safer.",
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
          el("span", { className: "cg-hint", text: " (this tab only; forgotten if the page is not back within a minute)" }),
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
      { id: "cyberguide-panel", className: "cg-panel", "aria-labelledby": "cyberguide-title" },
      [header, el("div", { className: "cg-body" }, [safety, log, typing, errorBox]), announcer, form, footer]
    );

    if (exitButton) {
      root.appendChild(exitButton);
      root.appendChild(exitHint);
    }
    root.appendChild(panel);
    document.body.appendChild(root);

    input.addEventListener("keydown", onInputKey);
    input.addEventListener("input", function () {
      updateCounter();
      fitInput();
    });

    return {
      root: root,
      panel: panel,
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

  /** The host page opened the floating chat: put the person in the message box. */
  function focusInput() {
    if (ui) {
      ui.input.focus();
      scrollToEnd();
    }
  }

  /* ---------------------------------------------------------------- transcript */

  function addItem(item, announce) {
    state.items.push(item);
    var entry = renderItem(item, announce);
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
      mode: "same-origin",
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
          ui.input.value = shown;
          updateCounter();
        }
        // A 5xx from the gateway carries the safe answer itself (emergency numbers in its first line).
        var fromServer = error instanceof ChatError && error.status >= 500;
        showError(
          retryable && !fromServer ? "Your message was not sent. " + errorText : errorText,
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
        mode: "same-origin",
        credentials: "omit",
        referrerPolicy: "no-referrer",
      }).catch(function () {});
    } catch (ignored) {
      // nothing more we can do; the gateway ends idle sessions by itself
    }
  }

  /* ---------------------------------------------------------------- keeping a chat over a reload (opt-in only) */

  function storage() {
    try {
      return window.sessionStorage;
    } catch (blocked) {
      return null;
    }
  }

  function removeSaved() {
    var store = storage();
    try {
      if (store) {
        store.removeItem(STORAGE_KEY);
      }
    } catch (ignored) {
      // nothing stored
    }
  }

  /** A kept chat is written only as the page is left (or hidden), so a reload can bring it back. */
  function saveForReload() {
    var store = storage();
    if (!store || !ui || !state.keep) {
      return;
    }
    try {
      store.setItem(STORAGE_KEY, JSON.stringify({ savedAt: Date.now(), token: state.token, items: state.items }));
    } catch (full) {
      // storage full or blocked: the chat still works, it just won't survive a reload
    }
  }

  /** How this page was loaded, as the browser reports it: "navigate", "reload", "back_forward". */
  function navigationType() {
    try {
      var entries = performance.getEntriesByType("navigation");
      return entries && entries[0] ? entries[0].type : "";
    } catch (unsupported) {
      return "";
    }
  }

  /** Whether this page was loaded by a reload (not a new visit, Back, or a reopened tab, as the
   * browser reports it). A frame is always new when its host page reloads, so there the host
   * page's script says so (reload=1 in this page's address). */
  function isReload() {
    if (framed) {
      return new URLSearchParams(window.location.search).get("reload") === "1";
    }
    return navigationType() === "reload";
  }

  /** The copy a reload left, removed from storage at once. A copy that is not from a reload, or
   * was left more than a minute ago, is thrown away and its session ended. */
  function takeSaved() {
    var store = storage();
    var saved = null;
    try {
      saved = store && JSON.parse(store.getItem(STORAGE_KEY) || "null");
    } catch (broken) {
      saved = null;
    }
    removeSaved();
    if (!saved || typeof saved !== "object" || !Array.isArray(saved.items)) {
      return null;
    }
    var age = Date.now() - Number(saved.savedAt);
    if (!isReload() || !(age >= 0 && age <= KEEP_FOR_MS)) {
      if (typeof saved.token === "string" && saved.token) {
        endSessionInBackground(saved.token);
      }
      return null;
    }
    return saved;
  }

  function restore() {
    var saved = takeSaved();
    if (!saved) {
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
    removeSaved();
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
    request("DELETE", "/api/session", undefined, token).then(
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

  /** Leave at once: wipe everything, end the session, and have the neutral site replace the
   * page in history (the host page when framed; this page when opened on its own).
   * ``byPerson``: pressed here (Esc, the button), so this frame may navigate the top window itself;
   * asked by the host page, it only tells the host it is done. */
  function quickExit(byPerson) {
    var token = wipe();
    if (ui && ui.root.parentNode) {
      ui.root.parentNode.removeChild(ui.root);
    }
    ui = null;
    if (token) {
      endSessionInBackground(token);
    }
    if (!framed) {
      window.location.replace(config.exitUrl);
      return;
    }
    tellHost({ type: "cyberguide:leave", exitUrl: config.exitUrl });
    if (byPerson) {
      try {
        // Allowed by the frame's sandbox only after a key press or click here; the host page's
        // own script, told above, goes to the same place if this is refused.
        window.top.location.replace(config.exitUrl);
      } catch (refused) {
        // the host page leaves on "cyberguide:leave"
      }
    }
  }

  function onExitButton() {
    quickExit(true);
  }

  /* ---------------------------------------------------------------- the host page */

  /** Tell the embedding page something (never words of the conversation), and only that page. */
  function tellHost(message) {
    if (framed && config.host) {
      window.parent.postMessage(message, config.host);
    }
  }

  function onHostMessage(event) {
    if (!framed || event.source !== window.parent || event.origin !== config.host) {
      return;
    }
    var type = event.data && typeof event.data === "object" ? event.data.type : null;
    if (type === "cyberguide:quick-exit") {
      quickExit(false);
    } else if (type === "cyberguide:focus") {
      focusInput();
    }
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
    if (!state.keep) {
      removeSaved();
    }
    announceText(
      state.keep
        ? "This chat will come back if you reload this page within a minute, in this tab only."
        : "This chat will not be kept."
    );
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
      quickExit(true);
    }
  }

  function onPageHide() {
    if (!ui) {
      return;
    }
    if (state.keep) {
      saveForReload();
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

  function onPageShow(event) {
    if (event.persisted) {
      removeSaved(); // back from the page cache: the chat is in memory again
    }
  }

  function onVisibilityChange() {
    // Phones may close a hidden tab without a pagehide: a kept chat is written when hidden,
    // and removed again when the tab is shown.
    if (document.visibilityState === "hidden") {
      saveForReload();
    } else {
      removeSaved();
    }
  }

  function init() {
    ui = build();
    restore();
    document.addEventListener("keydown", onKeyDown, true);
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("pageshow", onPageShow);
    document.addEventListener("visibilitychange", onVisibilityChange);
    window.addEventListener("message", onHostMessage);
    tellHost({ type: "cyberguide:ready", exitUrl: config.exitUrl });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
