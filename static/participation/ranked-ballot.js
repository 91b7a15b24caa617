// Ranked ballots, enhanced: the form works without this script (a rank per
// nomination); with it, choosing a rank moves the nomination into place and
// "Move up"/"Move down" buttons reorder the ranked ones from the keyboard.
(function () {
    "use strict";
    const fieldset = document.querySelector(".ranked-ballot");
    if (!fieldset) return;
    const list = fieldset.querySelector(".ranked-list");
    const maxRanks = parseInt(fieldset.dataset.maxRanks, 10);
    const live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    fieldset.appendChild(live);

    const items = () => Array.from(list.querySelectorAll(".ranked-item"));
    const select = (item) => item.querySelector("select");
    const title = (item) => item.querySelector("label").textContent.trim();
    const rank = (item) => parseInt(select(item).value, 10) || 0;

    function ranked() {
        return items().filter((item) => rank(item) > 0).sort((a, b) => rank(a) - rank(b));
    }

    function apply(order) {
        // `order` is the ranked items, best first: renumber them and put them on top.
        const unranked = items().filter((item) => !order.includes(item));
        order.slice(maxRanks).forEach((item) => { select(item).value = ""; });
        order = order.slice(0, maxRanks);
        order.forEach((item, index) => { select(item).value = String(index + 1); });
        order.concat(unranked).forEach((item) => list.appendChild(item));
        items().forEach(updateButtons);
    }

    function move(item, step) {
        const order = ranked();
        const from = order.indexOf(item);
        const to = from + step;
        if (from < 0 || to < 0 || to >= order.length) return;
        order.splice(from, 1);
        order.splice(to, 0, item);
        apply(order);
        live.textContent = `${title(item)} is now number ${to + 1}.`;
        const button = item.querySelector(step < 0 ? ".move-up" : ".move-down");
        (button.disabled ? select(item) : button).focus();
    }

    function updateButtons(item) {
        const order = ranked();
        const position = order.indexOf(item);
        item.querySelector(".move-up").disabled = position <= 0;
        item.querySelector(".move-down").disabled = position < 0 || position >= order.length - 1;
    }

    items().forEach((item) => {
        const group = document.createElement("span");
        group.className = "move-buttons d-inline-flex gap-1";
        [["move-up", "Move up", -1], ["move-down", "Move down", 1]].forEach(([cls, text, step]) => {
            const button = document.createElement("button");
            button.type = "button";
            button.className = `btn btn-outline-secondary btn-sm ${cls}`;
            button.textContent = text;
            button.setAttribute("aria-label", `${text}: ${title(item)}`);
            button.addEventListener("click", () => move(item, step));
            group.appendChild(button);
        });
        item.querySelector(".card-body").appendChild(group);
        select(item).addEventListener("change", () => {
            const wanted = rank(item);
            const order = ranked().filter((other) => other !== item);
            if (wanted > 0) order.splice(Math.min(wanted - 1, order.length), 0, item);
            apply(order);
            live.textContent = wanted > 0 ? `${title(item)} is now number ${order.indexOf(item) + 1}.` : `${title(item)} is not ranked.`;
        });
    });
    apply(ranked());
})();
