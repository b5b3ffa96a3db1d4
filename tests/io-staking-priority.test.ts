/**
 * Stake for priority (issue 18, slice 3; docs/demand-side.md, "Stake for priority"), on the real
 * .so files: a user's priority tier is its participant's counted stake (own stake + its stakers'
 * active stake) against the governed thresholds of `set_priority_tiers`. The attacks first: stake
 * then unstake (the tier drops at once, cooldown stake never counts), a flash stake by another
 * staker in the same epoch (never counts: delegated stake is active only from the epoch after),
 * a thresholds change (applies to everyone at once), a stranger and non-monotone tables
 * (refused by name, state unchanged), and a slash (the tier falls with the burned stake).
 */
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  claimInstruction,
  contestSlashInstruction,
  DEFAULT_PRIORITY_TIERS,
  executeSlashInstruction,
  MAX_PRIORITY_IO,
  ParticipantKind,
  participantKey,
  priorityTierOf,
  priorityTiersValid,
  registerParticipantInstruction,
  setPriorityTiersInstruction,
  stakingConfigKey,
  unstakeInstruction,
  voteSlashInstruction,
  withdrawInstruction,
} from "../sdk/src";
import { expectError, expectOk } from "./harness";
import { IO } from "./jobs-world";
import { DAY, StakingWorld } from "./staking-world";

/** The test table: tier 1 from 100 IO, tier 2 from 1,000, tier 3 from 5,000. */
const TIERS = [100, 1_000, 5_000];

describe("io_staking priority tiers (set_priority_tiers, the tier read from stake)", () => {
  let w: StakingWorld;

  beforeEach(() => {
    w = new StakingWorld();
    expectOk(setTiers(TIERS));
  });

  const setTiers = (tiersIo: number[], admin = w.jobs.admin) => w.chain.send([setPriorityTiersInstruction({ admin: admin.publicKey, tiersIo })], [admin]);
  /** The tier as a scheduler reads it: the participant's one account (and the config it caches). */
  const tierOf = (user: PublicKey) => {
    const info = w.chain.account(participantKey(user)[0]);
    return priorityTierOf(user, info ? w.participant(participantKey(user)[0]) : null, w.config());
  };
  /** A user that registered as a participant and holds `io` IO in its IO account. */
  const user = (io: BN) => {
    const u = w.wallet(io);
    expectOk(w.chain.send([registerParticipantInstruction({ authority: u.wallet.publicKey, key: u.wallet.publicKey, kind: ParticipantKind.User, shareBps: 200 })], [u.wallet]));
    return { ...u, participant: participantKey(u.wallet.publicKey)[0] };
  };
  const unstake = (staker: Keypair, participant: PublicKey, amount: BN) =>
    w.chain.send([unstakeInstruction({ staker: staker.publicKey, participant, lastEpoch: w.lastEpoch(participant), amount })], [staker]);

  it("stake, read the tier, unstake: the tier drops at once; stake in cooldown never counts, before or after its withdrawal", () => {
    // Given a user with no stake: tier 0, and a wallet that never registered reads as tier 0 too
    const u = user(IO.muln(2_000));
    expect(tierOf(u.wallet.publicKey).tier).to.equal(0);
    const stranger = tierOf(Keypair.generate().publicKey);
    expect([stranger.registered, stranger.tier]).to.deep.equal([false, 0]);
    // When it stakes 1,000 IO to itself: its own stake counts at once (tier 2, the next at 5,000 IO)
    expectOk(w.stake(u.wallet, u.io, u.participant, IO.muln(1_000)));
    let t = tierOf(u.wallet.publicKey);
    expect([t.registered, t.tier, t.stake.toString(), t.nextTierStake!.toString()]).to.deep.equal([true, 2, IO.muln(1_000).toString(), IO.muln(5_000).toString()]);
    // When it unstakes 1 base unit: below 1,000 IO, tier 1 at once, though the IO is still in the vault (cooling)
    expectOk(unstake(u.wallet, u.participant, new BN(1)));
    t = tierOf(u.wallet.publicKey);
    expect([t.tier, t.stake.toString()]).to.deep.equal([1, IO.muln(1_000).subn(1).toString()]);
    expect(w.position(u.participant, u.wallet.publicKey).cooling.toString()).to.equal("1");
    // When it unstakes the rest: tier 0 for the whole cooldown, and after the withdrawal
    expectOk(unstake(u.wallet, u.participant, IO.muln(1_000).subn(1)));
    expect(tierOf(u.wallet.publicKey).tier).to.equal(0);
    expect(w.position(u.participant, u.wallet.publicKey).cooling.toString()).to.equal(IO.muln(1_000).toString());
    const withdraw = () => w.chain.send([withdrawInstruction({ staker: u.wallet.publicKey, participant: u.participant, stakerIo: u.io })], [u.wallet]);
    expectError(withdraw(), "CooldownActive");
    w.chain.warp(2 * DAY);
    expect(tierOf(u.wallet.publicKey).tier).to.equal(0);
    expectOk(withdraw());
    expect(tierOf(u.wallet.publicKey).tier).to.equal(0);
    // Then staking again brings the tier back: the rule is the stake held now, nothing remembered
    expectOk(w.stake(u.wallet, u.io, u.participant, IO.muln(100)));
    expect(tierOf(u.wallet.publicKey).tier).to.equal(1);
  });

  it("a flash stake by another staker never counts in the epoch it is staked: it counts once active, and leaves the tier at once on unstake", () => {
    // Given a user at tier 1 on its own 100 IO
    const u = user(IO.muln(100));
    expectOk(w.stake(u.wallet, u.io, u.participant, IO.muln(100)));
    expect(tierOf(u.wallet.publicKey).tier).to.equal(1);
    // When a backer stakes 5,000 IO to it: pending until the epoch closes, the tier stays 1
    const backer = w.wallet(IO.muln(5_000));
    expectOk(w.stake(backer.wallet, backer.io, u.participant, IO.muln(5_000)));
    expect(w.position(u.participant, backer.wallet.publicKey).pending.toString()).to.equal(IO.muln(5_000).toString());
    expect(tierOf(u.wallet.publicKey).tier).to.equal(1);
    // and it cannot take the stake back out in the same epoch: only active stake unstakes
    const before = w.chain.snapshot([u.participant, stakingConfigKey()[0]]);
    expectError(unstake(backer.wallet, u.participant, IO.muln(5_000)), "InsufficientStake");
    expect(w.chain.snapshot([u.participant, stakingConfigKey()[0]])).to.equal(before);
    // When the epoch closes: still tier 1 until the stake is activated on the participant's books
    expectOk(w.closeEpoch());
    expect(tierOf(u.wallet.publicKey).tier).to.equal(1);
    // (any touch activates it: a claim of nothing does)
    expectOk(w.chain.send([claimInstruction({ staker: backer.wallet.publicKey, participant: u.participant, lastEpoch: w.lastEpoch(u.participant), to: backer.io })], [backer.wallet]));
    const t = tierOf(u.wallet.publicKey);
    expect([t.tier, t.stake.toString(), t.nextTierStake]).to.deep.equal([3, IO.muln(5_100).toString(), null]);
    // When the backer unstakes: the tier falls at once, with its 5,000 IO still cooling in the vault
    expectOk(unstake(backer.wallet, u.participant, IO.muln(5_000)));
    expect(tierOf(u.wallet.publicKey).tier).to.equal(1);
    expect(w.position(u.participant, backer.wallet.publicKey).cooling.toString()).to.equal(IO.muln(5_000).toString());
  });

  it("a thresholds change applies to every participant at once (the tier is read, never stored); 0 turns tiers off", () => {
    // Given two users at tiers 2 and 1
    const a = user(IO.muln(1_000));
    const b = user(IO.muln(100));
    expectOk(w.stake(a.wallet, a.io, a.participant, IO.muln(1_000)));
    expectOk(w.stake(b.wallet, b.io, b.participant, IO.muln(100)));
    expect([tierOf(a.wallet.publicKey).tier, tierOf(b.wallet.publicKey).tier]).to.deep.equal([2, 1]);
    const accounts = [a.participant, b.participant];
    const participants = w.chain.snapshot(accounts);
    // When governance (the admin here) raises the table: both fall without a transaction of theirs
    expectOk(setTiers([500, 2_000, 10_000]));
    expect(w.config().priorityIo).to.deep.equal([500, 2_000, 10_000]);
    expect([tierOf(a.wallet.publicKey).tier, tierOf(b.wallet.publicKey).tier]).to.deep.equal([1, 0]);
    // When it lowers it: both rise
    expectOk(setTiers([1, 100, 1_000]));
    expect([tierOf(a.wallet.publicKey).tier, tierOf(b.wallet.publicKey).tier]).to.deep.equal([3, 2]);
    // A single tier in use, then none
    expectOk(setTiers([1_000, 0, 0]));
    expect([tierOf(a.wallet.publicKey).tier, tierOf(b.wallet.publicKey).tier]).to.deep.equal([1, 0]);
    expectOk(setTiers([0, 0, 0]));
    expect([tierOf(a.wallet.publicKey).tier, tierOf(b.wallet.publicKey).tier]).to.deep.equal([0, 0]);
    // Then no participant account was written by any of it
    expect(w.chain.snapshot(accounts)).to.equal(participants);
  });

  it("set_priority_tiers: a stranger, falling, equal, skipped and above-cap tables are refused by name and change nothing; the cap itself is accepted", () => {
    const config = [stakingConfigKey()[0]];
    const before = w.chain.snapshot(config);
    const stranger = Keypair.generate();
    w.jobs.funded(stranger);
    expectError(setTiers(DEFAULT_PRIORITY_TIERS.slice(), stranger), "Unauthorized");
    for (const bad of [
      [1_000, 100, 5_000], // falling
      [100, 100, 5_000], // equal
      [100, 1_000, 1_000],
      [0, 100, 1_000], // a tier in use above one that is off
      [100, 0, 1_000],
      [MAX_PRIORITY_IO + 1, 0, 0], // above the supply cap
      [100, 1_000, 4_294_967_295],
    ]) {
      expect(priorityTiersValid(bad), String(bad)).to.equal(false);
      expectError(setTiers(bad), "InvalidPriorityTiers");
    }
    expect(w.chain.snapshot(config)).to.equal(before);
    expect(w.config().priorityIo).to.deep.equal(TIERS);
    expectOk(setTiers([1, 2, MAX_PRIORITY_IO]));
    expect(w.config().priorityIo).to.deep.equal([1, 2, MAX_PRIORITY_IO]);
  });

  it("a slash lowers the tier with the stake it burns; a user participant cannot be slashed at all", () => {
    // Given a node participant with 2,000 IO of its own stake: tier 2 under the same rule
    const n = w.node("node-p", 200, IO.muln(2_000));
    const nodeTier = () => priorityTierOf(n.node, w.participant(n.participant), w.config()).tier;
    expect(nodeTier()).to.equal(2);
    // When two oracles vote a slash of 50% (the world's slashing) and it executes after the window
    for (const i of [0, 1]) expectOk(w.chain.send([voteSlashInstruction({ oracle: w.jobs.oracles[i].publicKey, participant: n.participant, reason: 1 })], [w.jobs.oracles[i]]));
    expect(nodeTier()).to.equal(2); // a pending slash burns nothing yet
    w.chain.warp(DAY);
    expectError(w.chain.send([contestSlashInstruction({ authority: n.owner.publicKey, participant: n.participant })], [n.owner]), "SlashWindowClosed");
    expectOk(w.chain.send([executeSlashInstruction({ participant: n.participant, operator: n.owner.publicKey })], [w.chain.payer]));
    // Then its counted stake is 1,000 IO: still tier 2 at exactly the threshold; a second slash takes it to tier 1
    expect(w.participant(n.participant).ownStake.toString()).to.equal(IO.muln(1_000).toString());
    expect(nodeTier()).to.equal(2);
    for (const i of [0, 2]) expectOk(w.chain.send([voteSlashInstruction({ oracle: w.jobs.oracles[i].publicKey, participant: n.participant, reason: 1 })], [w.jobs.oracles[i]]));
    w.chain.warp(DAY);
    expectOk(w.chain.send([executeSlashInstruction({ participant: n.participant, operator: n.owner.publicKey })], [w.chain.payer]));
    expect(nodeTier()).to.equal(1);
    // A user's participant is never slashed: the oracles' vote is refused (NotANode), its tier stays
    const u = user(IO.muln(1_000));
    expectOk(w.stake(u.wallet, u.io, u.participant, IO.muln(1_000)));
    const before = w.chain.snapshot([u.participant]);
    expectError(w.chain.send([voteSlashInstruction({ oracle: w.jobs.oracles[0].publicKey, participant: u.participant, reason: 1 })], [w.jobs.oracles[0]]), "NotANode");
    expect(w.chain.snapshot([u.participant])).to.equal(before);
    expect(tierOf(u.wallet.publicKey).tier).to.equal(2);
  });
});
