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
        // Focus stays on the button when the copy works; only when the person has to
        // copy by hand does it move to the selected text, and they are told why.
        const byHand = () => {
            field.select();
            say("Selected. Press Ctrl+C (or Cmd+C) to copy.");
        };
        button.addEventListener("click", () => {
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(field.value).then(() => say("Copied."), byHand);
            } else {
                byHand();
            }
        });
    });
})();
