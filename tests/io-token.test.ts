/**
 * io_token on the real .so in LiteSVM: initialize (the IO mint and its genesis) and the two-step
 * admin hand-over, with every refusal asserting its error name and that state did not change.
 */
import { expect } from "chai";
import BN from "bn.js";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, unpackAccount } from "@solana/spl-token";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  acceptAdminInstruction,
  authorityKey,
  bucketAmount,
  BUCKETS,
  configKey,
  decodeIoMint,
  decodeTokenConfig,
  GENESIS_SUPPLY,
  initializeInstruction,
  IO_TOKEN_PROGRAM_ID,
  ioMintKey,
  parseIoTokenEvents,
  proposeAdminInstruction,
  vaultKey,
} from "../sdk/src";
import { expectError, expectOk, TestChain, TxResult } from "./harness";
import { initialize, ioTokenChain, METADATA, protocolAccounts } from "./fixtures";

/** `initialize`'s exact cost today plus a little room; a regression above it fails the test. */
const INITIALIZE_CU_CEILING = 85_000;
const ADMIN_CU_CEILING = 600;


/** The initialize instruction with one account replaced. */
function withAccount(ix: TransactionInstruction, index: number, pubkey: PublicKey): TransactionInstruction {
  const keys = ix.keys.map((k, i) => (i === index ? { ...k, pubkey } : k));
  return new TransactionInstruction({ programId: ix.programId, keys, data: ix.data });
}

describe("io_token", () => {
  describe("initialize", () => {
    it("creates the IO mint with metadata and mints the genesis supply into the five vaults", () => {
      // Given io_token deployed with an upgrade authority
      const { chain, upgradeAuthority } = ioTokenChain();
      // When the upgrade authority initialises
      const res = expectOk(initialize(chain, upgradeAuthority));

      // Then the config records the admin, the mint and genesis time
      const config = decodeTokenConfig(chain.account(configKey()[0])!);
      expect(config.version).to.equal(1);
      expect(config.admin.equals(upgradeAuthority.publicKey)).to.equal(true);
      expect(config.pendingAdmin.equals(PublicKey.default)).to.equal(true);
      expect(config.ioMint.equals(ioMintKey()[0])).to.equal(true);
      expect(config.genesisTs.toString()).to.equal(chain.now().toString());
      expect(config.bump).to.equal(configKey()[1]);
      expect(config.vaultBumps).to.deep.equal(BUCKETS.map((b) => vaultKey(b.index)[1]));

      // And the mint is Token-2022, 8 decimals, PDA authority, no freeze, metadata on itself
      const [mint] = ioMintKey();
      const mintAccount = chain.account(mint)!;
      expect(mintAccount.owner.equals(TOKEN_2022_PROGRAM_ID)).to.equal(true);
      const io = decodeIoMint(mint, mintAccount);
      expect(io.decimals).to.equal(8);
      expect(io.supply.toString()).to.equal(GENESIS_SUPPLY.toString());
      expect(io.mintAuthority?.equals(authorityKey()[0])).to.equal(true);
      expect(io.freezeAuthority).to.equal(null);
      expect(io.metadataAddress?.equals(mint)).to.equal(true);
      expect([io.name, io.symbol, io.uri]).to.deep.equal([METADATA.name, METADATA.symbol, METADATA.uri]);
      expect(io.updateAuthority?.equals(authorityKey()[0])).to.equal(true);

      // And each vault holds its bucket, owned by the authority PDA, summing to 500M IO
      let total = new BN(0);
      for (const bucket of BUCKETS) {
        const [vault] = vaultKey(bucket.index);
        const account = unpackAccount(vault, chain.account(vault), TOKEN_2022_PROGRAM_ID);
        expect(account.mint.equals(mint)).to.equal(true);
        expect(account.owner.equals(authorityKey()[0])).to.equal(true);
        expect(account.amount.toString()).to.equal(bucketAmount(bucket).toString());
        total = total.add(new BN(account.amount.toString()));
      }
      expect(total.toString()).to.equal("50000000000000000");

      // And the Initialized event decodes with Anchor's parser
      const events = parseIoTokenEvents(res.logs);
      expect(events.map((e) => e.name)).to.deep.equal(["initialized"]);
      const data = events[0].data as { admin: PublicKey; ioMint: PublicKey; genesisSupply: BN; genesisTs: BN };
      expect(data.admin.equals(upgradeAuthority.publicKey)).to.equal(true);
      expect(data.ioMint.equals(mint)).to.equal(true);
      expect(data.genesisSupply.toString()).to.equal(GENESIS_SUPPLY.toString());
      expect(data.genesisTs.toString()).to.equal(chain.now().toString());

      // And it stays under its compute ceiling
      expect(res.computeUnits).to.be.at.most(INITIALIZE_CU_CEILING);
    });

    it("records genesis at the clock's time", () => {
      // Given the clock moved a year and an hour past its start
      const { chain, upgradeAuthority } = ioTokenChain();
      chain.warp(365 * 86_400 + 3_600);
      // When initialised; Then genesis is that time
      expectOk(initialize(chain, upgradeAuthority));
      expect(decodeTokenConfig(chain.account(configKey()[0])!).genesisTs.toString()).to.equal(
        String(365 * 86_400 + 3_600),
      );
    });

    it("succeeds when an attacker pre-funded the PDAs", () => {
      // Given lamports sent to the config, mint and a vault address before initialisation
      const { chain, upgradeAuthority } = ioTokenChain();
      for (const key of [configKey()[0], ioMintKey()[0], vaultKey(4)[0]]) chain.airdrop(key, 0.001);
      // When the upgrade authority initialises; Then nothing is blocked
      expectOk(initialize(chain, upgradeAuthority));
      expect(decodeTokenConfig(chain.account(configKey()[0])!).admin.equals(upgradeAuthority.publicKey)).to.equal(true);
    });

    describe("refuses, changing nothing", () => {
      let chain: TestChain;
      let upgradeAuthority: Keypair;
      let before: string;

      beforeEach(() => {
        ({ chain, upgradeAuthority } = ioTokenChain());
        before = chain.snapshot(protocolAccounts());
      });

      function refused(res: TxResult, name: string): void {
        expectError(res, name);
        expect(chain.snapshot(protocolAccounts())).to.equal(before);
      }

      const ix = (payer: PublicKey) => initializeInstruction({ payer, ...METADATA });

      it("a second initialize", () => {
        // Given an initialised protocol; When initialise runs again; Then AlreadyInitialized
        expectOk(initialize(chain, upgradeAuthority));
        before = chain.snapshot(protocolAccounts());
        refused(initialize(chain, upgradeAuthority), "AlreadyInitialized");
      });

      it("a signer that is not the upgrade authority", () => {
        refused(initialize(chain, chain.wallet()), "Unauthorized");
      });

      it("an immutable program (no upgrade authority)", () => {
        chain.deployUpgradeable(IO_TOKEN_PROGRAM_ID, "io_token", null);
        refused(initialize(chain, upgradeAuthority), "Unauthorized");
      });

      it("a program data account that is not the program's", () => {
        const fake = Keypair.generate().publicKey;
        refused(chain.send([withAccount(ix(upgradeAuthority.publicKey), 1, fake)], [upgradeAuthority]), "InvalidProgramData");
      });

      it("a wrong config account", () => {
        const fake = Keypair.generate().publicKey;
        refused(chain.send([withAccount(ix(upgradeAuthority.publicKey), 2, fake)], [upgradeAuthority]), "InvalidConfig");
      });

      it("a wrong authority account", () => {
        const fake = Keypair.generate().publicKey;
        refused(chain.send([withAccount(ix(upgradeAuthority.publicKey), 3, fake)], [upgradeAuthority]), "InvalidAuthority");
      });

      it("a wrong mint", () => {
        const fake = Keypair.generate();
        refused(chain.send([withAccount(ix(upgradeAuthority.publicKey), 4, fake.publicKey)], [upgradeAuthority]), "InvalidMint");
      });

      it("a wrong or swapped vault", () => {
        const swapped = withAccount(ix(upgradeAuthority.publicKey), 5, vaultKey(1)[0]);
        refused(chain.send([withAccount(swapped, 6, vaultKey(0)[0])], [upgradeAuthority]), "InvalidVault");
      });

      it("the classic SPL Token program in place of Token-2022", () => {
        refused(chain.send([withAccount(ix(upgradeAuthority.publicKey), 10, TOKEN_PROGRAM_ID)], [upgradeAuthority]), "WrongProgram");
      });

      it("a wrong system program", () => {
        refused(chain.send([withAccount(ix(upgradeAuthority.publicKey), 11, TOKEN_2022_PROGRAM_ID)], [upgradeAuthority]), "WrongProgram");
      });

      it("metadata longer than its bounds", () => {
        refused(initialize(chain, upgradeAuthority, { ...METADATA, uri: "x".repeat(201) }), "MetadataTooLong");
      });

      it("a payer that did not sign", () => {
        const feePayer = chain.wallet();
        const unsigned = ix(upgradeAuthority.publicKey);
        unsigned.keys[0] = { ...unsigned.keys[0], isSigner: false };
        refused(chain.send([unsigned], [feePayer]), "MissingSigner");
      });

      it("a config that is not writable", () => {
        const readonly = ix(upgradeAuthority.publicKey);
        readonly.keys[2] = { ...readonly.keys[2], isWritable: false };
        refused(chain.send([readonly], [upgradeAuthority]), "AccountNotWritable");
      });

      it("too few accounts", () => {
        const short = ix(upgradeAuthority.publicKey);
        short.keys = short.keys.slice(0, 11);
        refused(chain.send([short], [upgradeAuthority]), "NotEnoughAccounts");
      });

      it("arguments that do not decode", () => {
        const bad = ix(upgradeAuthority.publicKey);
        bad.data = bad.data.subarray(0, bad.data.length - 1);
        refused(chain.send([bad], [upgradeAuthority]), "InvalidInstructionData");
      });

      it("trailing bytes after the arguments", () => {
        const bad = ix(upgradeAuthority.publicKey);
        bad.data = Buffer.concat([bad.data, Buffer.from([0])]);
        refused(chain.send([bad], [upgradeAuthority]), "InvalidInstructionData");
      });

      it("an unknown instruction", () => {
        const bad = ix(upgradeAuthority.publicKey);
        bad.data = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
        refused(chain.send([bad], [upgradeAuthority]), "InvalidInstruction");
      });
    });
  });

  describe("admin hand-over", () => {
    let chain: TestChain;
    let admin: Keypair;
    let successor: Keypair;

    beforeEach(() => {
      ({ chain, upgradeAuthority: admin } = ioTokenChain());
      expectOk(initialize(chain, admin));
      successor = chain.wallet();
    });

    const config = () => decodeTokenConfig(chain.account(configKey()[0])!);
    const configBytes = () => chain.snapshot([configKey()[0]]);

    it("proposes and accepts in two steps", () => {
      // Given the admin; When it proposes a successor
      const proposed = expectOk(
        chain.send([proposeAdminInstruction({ admin: admin.publicKey, newAdmin: successor.publicKey })], [admin]),
      );
      // Then the successor is pending, the admin unchanged, and AdminProposed was emitted
      expect(config().pendingAdmin.equals(successor.publicKey)).to.equal(true);
      expect(config().admin.equals(admin.publicKey)).to.equal(true);
      expect(parseIoTokenEvents(proposed.logs).map((e) => e.name)).to.deep.equal(["adminProposed"]);
      expect(proposed.computeUnits).to.be.at.most(ADMIN_CU_CEILING);

      // When the successor accepts; Then it is the admin and nothing is pending
      const accepted = expectOk(chain.send([acceptAdminInstruction({ newAdmin: successor.publicKey })], [successor]));
      expect(config().admin.equals(successor.publicKey)).to.equal(true);
      expect(config().pendingAdmin.equals(PublicKey.default)).to.equal(true);
      const [event] = parseIoTokenEvents(accepted.logs);
      expect(event.name).to.equal("adminAccepted");
      expect((event.data.previousAdmin as PublicKey).equals(admin.publicKey)).to.equal(true);
      expect(accepted.computeUnits).to.be.at.most(ADMIN_CU_CEILING);

      // And the old admin can no longer propose
      const before = configBytes();
      expectError(
        chain.send([proposeAdminInstruction({ admin: admin.publicKey, newAdmin: admin.publicKey })], [admin]),
        "Unauthorized",
      );
      expect(configBytes()).to.equal(before);
    });

    it("refuses a proposal from anyone but the admin", () => {
      const before = configBytes();
      const res = chain.send(
        [proposeAdminInstruction({ admin: successor.publicKey, newAdmin: successor.publicKey })],
        [successor],
      );
      expectError(res, "Unauthorized");
      expect(configBytes()).to.equal(before);
    });

    it("refuses an accept by a key that was not proposed", () => {
      expectOk(chain.send([proposeAdminInstruction({ admin: admin.publicKey, newAdmin: successor.publicKey })], [admin]));
      const before = configBytes();
      const intruder = chain.wallet();
      expectError(chain.send([acceptAdminInstruction({ newAdmin: intruder.publicKey })], [intruder]), "Unauthorized");
      expect(configBytes()).to.equal(before);
    });

    it("refuses an accept when nothing is pending, including after a cancel", () => {
      const before = configBytes();
      expectError(chain.send([acceptAdminInstruction({ newAdmin: successor.publicKey })], [successor]), "NoPendingAdmin");
      expect(configBytes()).to.equal(before);
      // Given a proposal cancelled by proposing the default address
      expectOk(chain.send([proposeAdminInstruction({ admin: admin.publicKey, newAdmin: successor.publicKey })], [admin]));
      expectOk(chain.send([proposeAdminInstruction({ admin: admin.publicKey, newAdmin: PublicKey.default })], [admin]));
      expectError(chain.send([acceptAdminInstruction({ newAdmin: successor.publicKey })], [successor]), "NoPendingAdmin");
      expect(config().admin.equals(admin.publicKey)).to.equal(true);
    });

    it("refuses a config account that is not io_token's", () => {
      // Given a copy of the config's bytes in an account owned by the system program
      const fake = Keypair.generate().publicKey;
      chain.setAccount(fake, { data: chain.account(configKey()[0])!.data, owner: SystemProgram.programId });
      const ix = proposeAdminInstruction({ admin: admin.publicKey, newAdmin: successor.publicKey });
      ix.keys[1] = { ...ix.keys[1], pubkey: fake };
      const before = configBytes();
      expectError(chain.send([ix], [admin]), "InvalidConfig");
      expect(configBytes()).to.equal(before);
    });

    it("refuses a missing admin signature", () => {
      const ix = proposeAdminInstruction({ admin: admin.publicKey, newAdmin: successor.publicKey });
      ix.keys[0] = { ...ix.keys[0], isSigner: false };
      const before = configBytes();
      expectError(chain.send([ix], [successor]), "MissingSigner");
      expect(configBytes()).to.equal(before);
    });
  });
});
