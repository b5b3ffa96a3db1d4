/** What opening a job costs at a node's current terms: the amount to pass as open_job's `maxPayment`. */
import BN from "bn.js";
import { Currency } from "./pdas";

/** IO base units for a USD amount: usd (6 decimals) x 10^10 / price (8 decimals), as io_jobs computes it. */
const USD_TO_IO_AT_PRICE = new BN(10_000_000_000);
const BPS = new BN(10_000);

export interface JobQuote {
  /** price x hours, USD with 6 decimals. */
  amountUsd: BN;
  /** Held for the service, in the currency's base units. */
  payment: BN;
  /** USDC only: the facilitation fee, rounded up. */
  facilitationFee: BN;
  /** payment + facilitation fee: what open_job debits the user's account. */
  total: BN;
}

export interface QuoteArgs {
  currency: Currency;
  /** The node's USD price per GPU-hour (6 decimals). */
  pricePerHour: BN;
  hours: number;
  /** From the jobs config: the USDC facilitation fee and the IO price haircut. */
  config: { facilitationFeeBps: number; confMultiple: number };
  /** io_oracle's IO/USD feed (8 decimals), needed for IO. */
  price?: { price: BN; confidence: BN };
}

const ceilDiv = (a: BN, b: BN): BN => a.add(b).subn(1).div(b);

/**
 * The payment open_job would take now (open_job.rs): USDC price x hours plus the facilitation
 * fee (rounded up); IOSD price x hours; IO the USD amount at the conservative price
 * (price - confMultiple x confidence), rounded up. An IO quote holds only while the price does.
 */
export function quoteJob(args: QuoteArgs): JobQuote {
  const amountUsd = args.pricePerHour.muln(args.hours);
  const zero = new BN(0);
  switch (args.currency) {
    case Currency.Usdc: {
      const facilitationFee = ceilDiv(amountUsd.muln(args.config.facilitationFeeBps), BPS);
      return { amountUsd, payment: amountUsd, facilitationFee, total: amountUsd.add(facilitationFee) };
    }
    case Currency.Io: {
      if (!args.price) throw new Error("an IO quote needs io_oracle's IO/USD price");
      const conservative = args.price.price.sub(args.price.confidence.muln(args.config.confMultiple));
      if (conservative.lten(0)) throw new Error("the IO/USD price's conservative value is not positive");
      const payment = ceilDiv(amountUsd.mul(USD_TO_IO_AT_PRICE), conservative);
      return { amountUsd, payment, facilitationFee: zero, total: payment };
    }
    case Currency.Iosd:
      return { amountUsd, payment: amountUsd, facilitationFee: zero, total: amountUsd };
  }
}
