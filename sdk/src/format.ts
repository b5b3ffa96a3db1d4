import BN from "bn.js";

/** `amount` base units shown with `decimals` places and thousands separators: 50000000000000000, 8 -> "500,000,000.00000000". */
export function formatAmount(amount: BN, decimals: number): string {
  const negative = amount.isNeg();
  const digits = amount.abs().toString(10).padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? "-" : ""}${whole}${decimals > 0 ? "." + fraction : ""}`;
}
