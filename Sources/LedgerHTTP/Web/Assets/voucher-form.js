// The voucher form's running totals: debits and credits summed in fen (BigInt, exact),
// and "does not balance by X" before the form is sent. The server checks again.
(function () {
  "use strict";
  var form = document.getElementById("voucher-form");
  if (!form) return;
  var state = document.getElementById("balance-state");
  var debitTotal = document.getElementById("debit-total");
  var creditTotal = document.getElementById("credit-total");

  // "1,234.5" -> 123450n fen; null when it is not an amount.
  function fen(text) {
    var t = text.replace(/[,\s]/g, "");
    if (t === "") return 0n;
    var m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(t);
    if (!m) return null;
    return BigInt(m[1]) * 100n + BigInt(((m[2] || "") + "00").slice(0, 2));
  }
  function yuan(f) {
    var negative = f < 0n; if (negative) f = -f;
    var whole = (f / 100n).toString(), cents = (f % 100n).toString().padStart(2, "0");
    return (negative ? "-" : "") + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + cents;
  }
  function sum(selector) {
    var total = 0n, bad = false;
    form.querySelectorAll(selector).forEach(function (input) {
      var value = fen(input.value);
      input.classList.toggle("invalid", value === null);
      if (value === null) bad = true; else total += value;
    });
    return bad ? null : total;
  }
  function update() {
    var debits = sum("input.debit"), credits = sum("input.credit");
    debitTotal.textContent = debits === null ? "?" : yuan(debits);
    creditTotal.textContent = credits === null ? "?" : yuan(credits);
    if (debits === null || credits === null) { state.textContent = ""; return; }
    var difference = debits - credits;
    var balanced = difference === 0n && debits > 0n;
    state.classList.toggle("unbalanced", difference !== 0n);
    state.textContent = difference === 0n ? (debits > 0n ? state.dataset.balanced : "") : state.dataset.unbalanced + " " + yuan(difference < 0n ? -difference : difference);
    form.dataset.balanced = balanced ? "yes" : "no";
  }
  // The server's last word on the lines goes stale once they change.
  var serverVerdict = document.getElementById("lines-error");
  form.addEventListener("input", function (event) {
    if (serverVerdict && event.target.classList.contains("amount")) serverVerdict.hidden = true;
    update();
  });
  update();
})();
