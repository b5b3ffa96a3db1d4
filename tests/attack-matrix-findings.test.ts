/**
 * What the attack matrix (tests/attack-matrix.test.ts) found: mutations that succeeded where the
 * program should have refused them, kept as regression tests now that the programs refuse them
 * (F1: the initializers check io_token's addresses in io_common::token; F2/F3: a payout into one
 * of the program's own accounts is InvalidDestination). None let a stranger take anyone's funds:
 *
 * F1 (low: the upgrade authority's one-time input, not verified) io_jobs.initialize and
 *    io_staking.initialize take any Token-2022 mint as IO / IOSD and any io_token account as
 *    IosdState: they check only the owning program. The configs are immutable afterwards
 *    (set_job_params / set_staking_params do not touch mints or vaults), so a wrong key
 *    disables IOSD (or IO) payments or staking until the program is upgraded. io_token's own
 *    instructions derive these PDAs; io_jobs and io_staking could check them the same way.
 * F2 (low: self-inflicted, stuck funds) io_jobs.claim_earnings accepts the escrow itself as
 *    `to`: the node's earnings are zeroed and the tokens stay in the escrow, owed to nobody.
 *    io_token refuses the analogous self-transfer (check_destination: InvalidDestination).
 * F3 (low: self-inflicted) io_staking.withdraw accepts the stake vault as `staker_io` (the
 *    cooled stake is zeroed and stays in the vault, owed to nobody) and io_staking.claim
 *    accepts the stake vault (rewards leave the reward books into the stake vault, owed to
 *    nobody) or the rewards vault itself (rewards marked paid, then re-emitted to others) as `to`.
 */
import { expect } from "chai";
import { TransactionInstruction } from "@solana/web3.js";
import {
  claimEarningsInstruction,
  claimInstruction,
  configKey,
  Currency,
  DEFAULT_JOBS_PARAMS,
  decodeNode,
  decodePosition,
  epochKey,
  escrowKey,
  feeVaultKey,
  initializeJobsInstruction,
  initializeStakingInstruction,
  ioMintKey,
  iosdStateKey,
  jobsConfigKey,
  positionKey,
  rewardsVaultKey,
  settleJobsInstruction,
  stakeVaultKey,
  stakingConfigKey,
  unstakeInstruction,
  withdrawInstruction,
} from "../sdk/src";
import { expectError } from "./harness";
import { IO } from "./jobs-world";
import { STAKING_PARAMS } from "./staking-world";
import { HOUR, Scene } from "./matrix/scene";
import { BuiltWorld, buildWorld, restore } from "./matrix/world";

describe("attack matrix findings (each now refused)", () => {
  let world: BuiltWorld;
  let s: Scene;

  before(() => {
    world = buildWorld();
  });
  beforeEach(() => {
    s = new Scene(restore(world), world.keys);
  });

  const send = (ix: TransactionInstruction, signers = [s.k.admin]) => s.chain.send([ix], [s.chain.payer, ...signers]);

  describe("F1: the initializers check only the owning program of the mints and IosdState they are given", () => {
    /** io_jobs deployed but not initialised: its config, escrows and fee vaults erased. */
    const uninitializedJobs = () => {
      const [io] = ioMintKey();
      const usdc = s.k.usdcMint;
      s.erase([jobsConfigKey()[0], escrowKey(usdc)[0], feeVaultKey(usdc)[0], escrowKey(io)[0], feeVaultKey(io)[0]]);
      return initializeJobsInstruction({ payer: s.k.admin.publicKey, usdcMint: usdc, ...DEFAULT_JOBS_PARAMS });
    };
    const IOSD_MINT_SLOT = 10;
    const IOSD_STATE_SLOT = 11;

    it("io_jobs.initialize refuses a Token-2022 mint that is not io_token's IOSD mint", () => {
      // Given io_jobs deployed but not initialised
      const valid = uninitializedJobs();
      const keys = valid.keys.map((k) => ({ ...k }));
      // When its upgrade authority names an IO look-alike (a plain Token-2022 mint) as the IOSD mint
      keys[IOSD_MINT_SLOT].pubkey = s.k.fakeIoMint;
      const watched = [jobsConfigKey()[0]];
      const before = s.chain.snapshot(watched);
      const res = send(new TransactionInstruction({ programId: valid.programId, keys, data: valid.data }));
      // Then it is refused and no config exists (today: the config names the look-alike as IOSD
      // for good, and every IOSD payment fails with InvalidVault)
      expectError(res, "InvalidVault");
      expect(s.chain.snapshot(watched)).to.equal(before);
    });

    it("io_jobs.initialize refuses an io_token account that is not the IosdState", () => {
      // Given io_jobs deployed but not initialised
      const valid = uninitializedJobs();
      const keys = valid.keys.map((k) => ({ ...k }));
      // When io_token's TokenConfig is named as the IosdState (an io_token account of another type)
      keys[IOSD_STATE_SLOT].pubkey = configKey()[0];
      const watched = [jobsConfigKey()[0], configKey()[0], iosdStateKey()[0]];
      const before = s.chain.snapshot(watched);
      const res = send(new TransactionInstruction({ programId: valid.programId, keys, data: valid.data }));
      // Then it is refused (today: IOSD's vault and fee vault in the config are io_token's TokenConfig)
      expectError(res, "InvalidVault");
      expect(s.chain.snapshot(watched)).to.equal(before);
    });

    it("io_jobs.initialize refuses a Token-2022 mint that is not io_token's IO mint (with escrows derived from it)", () => {
      // Given io_jobs deployed but not initialised
      const valid = uninitializedJobs();
      const keys = valid.keys.map((k) => ({ ...k }));
      // When the IO look-alike is named as IO, with the escrow and fee vault PDAs of that mint
      const fake = s.k.fakeIoMint;
      keys[7].pubkey = fake;
      keys[8].pubkey = escrowKey(fake)[0];
      keys[9].pubkey = feeVaultKey(fake)[0];
      const watched = [jobsConfigKey()[0], escrowKey(fake)[0], feeVaultKey(fake)[0]];
      const before = s.chain.snapshot(watched);
      const res = send(new TransactionInstruction({ programId: valid.programId, keys, data: valid.data }));
      // Then it is refused (today: jobs can only be paid in the look-alike, never in IO)
      expectError(res, "InvalidVault");
      expect(s.chain.snapshot(watched)).to.equal(before);
    });

    it("io_staking.initialize refuses a Token-2022 mint that is not io_token's IO mint", () => {
      // Given io_staking deployed but not initialised
      s.erase([stakingConfigKey()[0], stakeVaultKey()[0], rewardsVaultKey()[0]]);
      const valid = initializeStakingInstruction({ payer: s.k.admin.publicKey, ...STAKING_PARAMS });
      const keys = valid.keys.map((k) => ({ ...k }));
      // When the IO look-alike is named as IO
      keys[4].pubkey = s.k.fakeIoMint;
      const watched = [stakingConfigKey()[0], stakeVaultKey()[0], rewardsVaultKey()[0]];
      const before = s.chain.snapshot(watched);
      const res = send(new TransactionInstruction({ programId: valid.programId, keys, data: valid.data }));
      // Then it is refused (today: the stake and rewards vaults hold the look-alike: nobody can
      // stake IO, and io_token's init_emissions refuses the rewards vault)
      expectError(res, "InvalidVault");
      expect(s.chain.snapshot(watched)).to.equal(before);
    });
  });

  describe("F2/F3: a payout whose destination is the vault it is paid from", () => {
    it("F2: io_jobs.claim_earnings refuses the escrow as the destination of the earnings", () => {
      // Given a node with USDC earnings from a settled job
      const user = s.k.users[0];
      const job = s.openJob(user, Currency.Usdc, 2);
      s.warp(2 * HOUR);
      s.attest(job, 2);
      s.warp(DEFAULT_JOBS_PARAMS.challengeWindow + 1);
      const caller = s.wallet("settler");
      const entry = { job, node: s.k.node.node, user: user.wallet.publicKey, userToken: user.token[Currency.Usdc] };
      s.send([settleJobsInstruction({ caller: caller.publicKey, jobs: [entry], currency: Currency.Usdc, usdcMint: s.k.usdcMint })], [caller]);
      const { owner, node } = s.k.node;
      expect(decodeNode(s.chain.account(node)!).earnings[Currency.Usdc].gtn(0)).to.equal(true);
      // When its owner claims them into the USDC escrow itself
      const escrow = escrowKey(s.k.usdcMint)[0];
      const watched = [node, escrow];
      const before = s.chain.snapshot(watched);
      const res = send(claimEarningsInstruction({ owner: owner.publicKey, node, to: escrow, currency: Currency.Usdc, usdcMint: s.k.usdcMint }), [owner]);
      // Then it is refused (today: the earnings are zeroed and the USDC stays in the escrow, owed to nobody)
      expectError(res, "InvalidDestination");
      expect(s.chain.snapshot(watched)).to.equal(before);
    });

    it("F3: io_staking.withdraw refuses the stake vault as the staker's account", () => {
      // Given a delegator's 100 IO cooled down
      const d = s.k.delegator;
      const participant = s.k.stakeNode.participant;
      s.send([unstakeInstruction({ staker: d.wallet.publicKey, participant, lastEpoch: epochKey(0)[0], amount: IO.muln(100) })], [d.wallet]);
      s.warp(STAKING_PARAMS.cooldown);
      // When it withdraws them into the stake vault
      const position = positionKey(participant, d.wallet.publicKey)[0];
      const watched = [position, stakeVaultKey()[0]];
      const before = s.chain.snapshot(watched);
      const res = send(withdrawInstruction({ staker: d.wallet.publicKey, participant, stakerIo: stakeVaultKey()[0] }), [d.wallet]);
      // Then it is refused (today: the position's cooling stake is zeroed and the IO stays in the vault, owed to nobody)
      expectError(res, "InvalidDestination");
      expect(s.chain.snapshot(watched)).to.equal(before);
      expect(decodePosition(s.chain.account(position)!).cooling.toString()).to.equal(IO.muln(100).toString());
    });

    for (const [name, vault] of [
      ["stake vault", () => stakeVaultKey()[0]],
      ["rewards vault", () => rewardsVaultKey()[0]],
    ] as const) {
      it(`F3: io_staking.claim refuses the ${name} as the destination of rewards`, () => {
        // Given the staked node's operator with rewards from epoch 0
        const n = s.k.stakeNode;
        const to = vault();
        const watched = [n.participant, positionKey(n.participant, n.owner.publicKey)[0], stakingConfigKey()[0], stakeVaultKey()[0], rewardsVaultKey()[0]];
        const before = s.chain.snapshot(watched);
        // When it claims them (not compounding) into the vault
        const res = send(claimInstruction({ staker: n.owner.publicKey, participant: n.participant, lastEpoch: epochKey(0)[0], to }), [n.owner]);
        // Then it is refused (today: the rewards are marked paid and land in the vault, owed to nobody)
        expectError(res, "InvalidDestination");
        expect(s.chain.snapshot(watched)).to.equal(before);
      });
    }
  });
});
