// The Wagtail admin without inline scripts. Wagtail starts its date pickers and inline
// panels with a <script> tag beside each one, which the Content-Security-Policy does not
// run; cms/templates/wagtailadmin/ writes a hidden marker there instead, and this starts
// each one, in the page as drawn and in anything added later (dialogs, new panel rows).
(function () {
    "use strict";
    const choosers = {
        date: "initDateChooser",
        time: "initTimeChooser",
        datetime: "initDateTimeChooser",
    };

    function startChooser(marker) {
        const init = window[choosers[marker.dataset.hubChooser]];
        if (typeof init !== "function") return;
        marker.dataset.hubStarted = "true";
        init(marker.dataset.hubChooserFor, JSON.parse(marker.dataset.hubChooserConfig));
    }

    function startInlinePanel(marker) {
        if (typeof window.InlinePanel !== "function") return;
        marker.dataset.hubStarted = "true";
        new window.InlinePanel(JSON.parse(marker.dataset.hubInlinePanel));
    }

    function startAll(root) {
        if (!root.querySelectorAll) return;
        root.querySelectorAll("[data-hub-chooser]:not([data-hub-started])").forEach(startChooser);
        root.querySelectorAll("[data-hub-inline-panel]:not([data-hub-started])").forEach(
            startInlinePanel,
        );
    }

    function watch() {
        startAll(document);
        new MutationObserver((changes) => {
            changes.forEach((change) => {
                change.addedNodes.forEach((node) => {
                    if (node.nodeType === Node.ELEMENT_NODE) startAll(node.parentNode || node);
                });
            });
        }).observe(document.body, { childList: true, subtree: true });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", watch);
    } else {
        watch();
    }
})();
