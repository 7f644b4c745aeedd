/*
 * cyberguide chat widget: the one tag a website adds. Plain JavaScript, no dependencies.
 *
 * Embed with one tag (attributes are optional):
 *   <script src="https://GATEWAY/widget/cyberguide-widget.js"
 *           data-cyberguide-gateway="https://GATEWAY"
 *           data-cyberguide-target="#chat"          (mount inside this element; default: floating)
 *           data-cyberguide-exit-url="https://www.bbc.co.uk/weather"
 *           defer></script>
 *
 * This script runs in the host site's page and holds nothing of the conversation. It adds a
 * quick exit button, a launcher (floating mode) and an iframe showing GATEWAY/widget/chat, the
 * chat itself, on the gateway's origin: the host page (and its analytics or session-replay
 * scripts) cannot read that frame's text, token or storage. The host page can still remove or
 * cover the frame, and it sees the key presses made outside it (not those typed in the chat).
 *
 * Messages with the frame are checked both ways (the frame's window and the gateway's origin
 * here; this page's origin there) and carry no words of the conversation. Quick exit (the
 * button, or Escape here or in the frame) has the frame wipe the chat and end its session,
 * then replaces this page in history with a neutral site.
 */
(function () {
  "use strict";

  if (window.cyberguide) {
    return; // already on this page
  }

  var DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather";
  var EXIT_WAIT_MS = 400; // how long the frame has to wipe the chat before the page leaves anyway
  var HTTP_URL = /^https?:\/\//;

  var script = document.currentScript || document.querySelector('script[src*="cyberguide-widget.js"]');
  var scriptSrc = script && script.src ? script.src : window.location.href;
  var dataset = (script && script.dataset) || {};
  var gateway = String(dataset.cyberguideGateway || new URL(scriptSrc, window.location.href).origin).replace(/\/+$/, "");

  var config = {
    gateway: gateway,
    gatewayOrigin: new URL(gateway, window.location.href).origin,
    target: dataset.cyberguideTarget || "",
    exitUrl: HTTP_URL.test(dataset.cyberguideExitUrl || "") ? dataset.cyberguideExitUrl : "",
    title: dataset.cyberguideTitle || "cyberguide",
  };

  var ui = null;
  var frameExitUrl = ""; // the gateway's exit URL, told by the frame when the host page sets none
  var leaving = false;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
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
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
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

  function chatUrl(floating) {
    var query = new URLSearchParams({ host: window.location.origin, mode: floating ? "floating" : "inline" });
    if (config.exitUrl) {
      query.set("exit", config.exitUrl);
    }
    if (dataset.cyberguideTitle) {
      query.set("title", config.title);
    }
    if (navigationType() === "reload") {
      query.set("reload", "1"); // a chat the person chose to keep may come back (the frame decides)
    }
    return config.gateway + "/widget/chat?" + query.toString();
  }

  function build() {
    var host = config.target ? document.querySelector(config.target) : null;
    var floating = !host;

    var root = el("div", { className: "cg-host " + (floating ? "cg-host--floating" : "cg-host--inline") });
    var exitButton = el(
      "button",
      { type: "button", className: "cg-exit", "aria-describedby": "cyberguide-exit-hint", onclick: quickExit },
      ["Quick exit", el("span", { className: "cg-exit-key", "aria-hidden": "true", text: "Esc" })]
    );
    var exitHint = el("span", {
      id: "cyberguide-exit-hint",
      className: "cg-sr-only",
      text: "Leaves this page at once and clears the chat. You can also press the Escape key.",
    });
    var frame = el("iframe", {
      className: "cg-frame",
      title: config.title + " chat",
      src: chatUrl(floating),
      referrerpolicy: "no-referrer",
      // What the chat may do here: run its own script on its own origin, open links in new tabs,
      // and take the whole tab to the neutral site only when the person presses a key or button in it.
      sandbox:
        "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox " +
        "allow-top-navigation-by-user-activation",
      allow: "camera 'none'; microphone 'none'; geolocation 'none'; payment 'none'; usb 'none'",
    });
    var box = el("div", { id: "cyberguide-chat-frame", className: "cg-frame-box", hidden: floating }, [frame]);

    var launcher = null;
    if (floating) {
      launcher = el("button", {
        type: "button",
        className: "cg-launcher",
        "aria-expanded": "false",
        "aria-controls": "cyberguide-chat-frame",
        text: "Chat with " + config.title,
        onclick: function () {
          setOpen(true);
        },
      });
    }

    root.appendChild(exitButton);
    root.appendChild(exitHint);
    root.appendChild(box);
    if (launcher) {
      root.appendChild(launcher);
    }
    (host || document.body).appendChild(root);
    return { root: root, box: box, frame: frame, launcher: launcher };
  }

  /** Tell the chat frame something; only the gateway's page in our own frame receives it. */
  function tellFrame(message) {
    if (ui && ui.frame.contentWindow) {
      ui.frame.contentWindow.postMessage(message, config.gatewayOrigin);
    }
  }

  function setOpen(open) {
    if (!ui || !ui.launcher) {
      return;
    }
    ui.box.hidden = !open;
    ui.launcher.setAttribute("aria-expanded", String(open));
    ui.launcher.hidden = open;
    if (open) {
      ui.frame.focus();
      tellFrame({ type: "cyberguide:focus" });
    } else {
      ui.launcher.focus();
    }
  }

  /** Leave now: take the widget off this page and replace the page in history. */
  function leave(exitUrl) {
    if (ui && ui.root.parentNode) {
      ui.root.parentNode.removeChild(ui.root);
    }
    ui = null;
    window.location.replace(config.exitUrl || exitUrl || frameExitUrl || DEFAULT_EXIT_URL);
  }

  /** Quick exit from this page (its button, Escape, or ``window.cyberguide.quickExit()``): hide
   * the chat at once, ask the frame to wipe it and end its session, and leave when it says it has
   * (or after EXIT_WAIT_MS, whatever it says). */
  function quickExit() {
    if (leaving) {
      return;
    }
    leaving = true;
    if (!ui) {
      leave("");
      return;
    }
    ui.box.hidden = true;
    tellFrame({ type: "cyberguide:quick-exit" });
    setTimeout(function () {
      leave("");
    }, EXIT_WAIT_MS);
  }

  function onFrameMessage(event) {
    if (!ui || event.source !== ui.frame.contentWindow || event.origin !== config.gatewayOrigin) {
      return;
    }
    var data = event.data && typeof event.data === "object" ? event.data : {};
    var exitUrl = typeof data.exitUrl === "string" && HTTP_URL.test(data.exitUrl) ? data.exitUrl : "";
    if (data.type === "cyberguide:ready") {
      frameExitUrl = exitUrl;
    } else if (data.type === "cyberguide:minimise") {
      setOpen(false);
    } else if (data.type === "cyberguide:leave") {
      leaving = true;
      leave(exitUrl);
    }
  }

  function onKeyDown(event) {
    if ((event.key === "Escape" || event.key === "Esc") && !event.isComposing) {
      event.preventDefault();
      quickExit();
    }
  }

  function init() {
    var stylesheet = new URL("cyberguide-embed.css", scriptSrc).href;
    if (!document.querySelector('link[href="' + stylesheet + '"]')) {
      document.head.appendChild(el("link", { rel: "stylesheet", href: stylesheet }));
    }
    ui = build();
    window.addEventListener("message", onFrameMessage);
    document.addEventListener("keydown", onKeyDown, true);
  }

  window.cyberguide = { quickExit: quickExit };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
