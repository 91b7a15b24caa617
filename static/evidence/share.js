// Share pages, enhanced: "Copy" buttons beside the link and the text. Without this
// script the buttons stay hidden and both can be selected and copied by hand.
(function () {
    "use strict";
    const status = document.querySelector("[data-copy-status]");

    function say(message) {
        if (status) status.textContent = message;
    }

    document.querySelectorAll("button[data-copy]").forEach((button) => {
        const field = document.getElementById(button.dataset.copy);
        if (!field) return;
        button.hidden = false;
        button.addEventListener("click", () => {
            const done = () => say("Copied.");
            field.select();
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(field.value).then(done, () => say("Press Ctrl+C (or Cmd+C) to copy."));
            } else {
                say("Selected. Press Ctrl+C (or Cmd+C) to copy.");
            }
        });
    });
})();
