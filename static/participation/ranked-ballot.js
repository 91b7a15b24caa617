// Ranked ballots, enhanced: the form works without this script (a rank per
// nomination); with it, choosing a rank moves the nomination into place and
// "Move up"/"Move down" buttons reorder the ranked ones from the keyboard.
//
// Focus never leaves the control in use (WCAG 2.4.3): the item holding it is never
// moved; the other items move around it, and only those out of place. Each change is
// said in the status region ("Free bus travel is now number 2 of 3.").
(function () {
    "use strict";
    const fieldset = document.querySelector(".ranked-ballot");
    if (!fieldset) return;
    const list = fieldset.querySelector(".ranked-list");
    const maxRanks = parseInt(fieldset.dataset.maxRanks, 10);
    const status = document.getElementById("ranked-ballot-status");

    const items = () => Array.from(list.querySelectorAll(".ranked-item"));
    const select = (item) => item.querySelector("select");
    const title = (item) => item.dataset.title;
    const rank = (item) => parseInt(select(item).value, 10) || 0;
    // The paper's own (shuffled) order, so unranked nominations keep their places.
    items().forEach((item, index) => { item.dataset.paperOrder = String(index); });
    const paperOrder = (item) => parseInt(item.dataset.paperOrder, 10);

    function ranked() {
        return items().filter((item) => rank(item) > 0).sort((a, b) => rank(a) - rank(b));
    }

    function say(message) {
        // Emptied first, so the same words twice are still announced.
        status.textContent = "";
        window.setTimeout(() => { status.textContent = message; }, 50);
    }

    function place(item, before) {
        // moveBefore keeps focus and state where browsers have it; insertBefore elsewhere.
        if (typeof list.moveBefore === "function") list.moveBefore(item, before);
        else list.insertBefore(item, before);
    }

    function arrange(order, anchor) {
        // Put the items in `order`, moving every item but `anchor`, and only those out
        // of place: the ones before it are laid back from it, the ones after it forward.
        const at = order.indexOf(anchor);
        let cursor = anchor;
        for (let i = at - 1; i >= 0; i -= 1) {
            if (cursor.previousElementSibling !== order[i]) place(order[i], cursor);
            cursor = order[i];
        }
        cursor = anchor;
        for (let i = at + 1; i < order.length; i += 1) {
            if (cursor.nextElementSibling !== order[i]) place(order[i], cursor.nextElementSibling);
            cursor = order[i];
        }
    }

    function apply(order, anchor) {
        // `order` is the ranked items, best first: renumber them, put them on top, and
        // say who no longer fits. Returns the items that lost their rank.
        const dropped = order.slice(maxRanks);
        dropped.forEach((item) => { select(item).value = ""; });
        order = order.slice(0, maxRanks);
        order.forEach((item, index) => { select(item).value = String(index + 1); });
        const unranked = items().filter((item) => !order.includes(item));
        unranked.sort((a, b) => paperOrder(a) - paperOrder(b));
        const focused = document.activeElement;
        arrange(order.concat(unranked), anchor || order[0] || unranked[0]);
        items().forEach(updateButtons);
        if (focused && focused !== document.activeElement && list.contains(focused)) {
            focused.focus({ preventScroll: true });  // a safety net: it should never be needed
        }
        return dropped;
    }

    function position(item) {
        const order = ranked();
        return `${title(item)} is now number ${order.indexOf(item) + 1} of ${order.length}.`;
    }

    function noLongerRanked(dropped) {
        return dropped.map((item) => ` ${title(item)} is no longer ranked.`).join("");
    }

    function move(item, step, button) {
        const order = ranked();
        const from = order.indexOf(item);
        const to = from + step;
        if (from < 0 || to < 0 || to >= order.length) return;
        order.splice(from, 1);
        order.splice(to, 0, item);
        apply(order, item);
        say(position(item));
        if (button.disabled) {
            // At the top or the bottom now: the other button of the same item, or its rank.
            const other = item.querySelector(step < 0 ? ".move-down" : ".move-up");
            (other.disabled ? select(item) : other).focus();
        }
        button.closest(".ranked-item").scrollIntoView({ block: "nearest" });
    }

    function updateButtons(item) {
        const order = ranked();
        const at = order.indexOf(item);
        item.querySelector(".move-buttons").hidden = at < 0;
        item.querySelector(".move-up").disabled = at <= 0;
        item.querySelector(".move-down").disabled = at < 0 || at >= order.length - 1;
    }

    function rankChosen(item) {
        const wanted = rank(item);
        const order = ranked().filter((other) => other !== item);
        if (wanted > 0) order.splice(Math.min(wanted - 1, order.length), 0, item);
        const dropped = apply(order, item);
        say((wanted > 0 ? position(item) : `${title(item)} is not ranked.`) + noLongerRanked(dropped));
        select(item).scrollIntoView({ block: "nearest" });
    }

    items().forEach((item) => {
        const group = document.createElement("span");
        group.className = "move-buttons d-inline-flex gap-1";
        [["move-up", "Move up", -1], ["move-down", "Move down", 1]].forEach(([name, text, step]) => {
            const button = document.createElement("button");
            button.type = "button";
            button.className = `btn btn-outline-secondary btn-sm ${name}`;
            button.textContent = text;
            button.setAttribute("aria-label", `${text}: ${title(item)}`);
            button.addEventListener("click", () => move(item, step, button));
            group.appendChild(button);
        });
        item.querySelector(".ranked-controls").appendChild(group);
        // The list reorders when a rank is chosen, around the select in use, which keeps
        // focus; arrow keys in a closed select fire "change" on each press in some
        // browsers, and each press then moves the item one place, as the numbers say.
        select(item).addEventListener("change", () => rankChosen(item));
    });
    apply(ranked(), null);
})();
