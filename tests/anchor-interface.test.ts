/**
 * Anchor's interface, exactly: instructions built by @coral-xyz/anchor's Program from
 * idl/io_token.json run on the real .so, and the accounts and events the program wrote decode
 * with Anchor's coders (camelCase through Program, snake_case through the raw IDL as explorers
 * read it). Discriminators are recomputed here with node's sha256, independently of the Rust
 * const implementation.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import { readFileSync } from "fs";
import { join } from "path";
import { BorshCoder, EventParser, Idl, Program, ProgramError } from "@coral-xyz/anchor";
import { TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import BN from "bn.js";
import { Connection, Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import {
  addBeneficiaryInstruction,
  airdropKey,
  airdropVaultKey,
  authorityKey,
  claimAirdropInstruction,
  createAirdropInstruction,
  BUCKETS,
  configKey,
  initializeInstruction,
  IO_TOKEN_IDL,
  IO_TOKEN_PROGRAM_ID,
  IoToken,
  ioMintKey,
  programDataKey,
  proposeAdminInstruction,
  vaultKey,
} from "../sdk/src";
// Anchor's own conversion, which the SDK's generated camelCase IDL must equal.
import { convertIdlToCamelCase } from "@coral-xyz/anchor/dist/cjs/idl";
import { expectOk } from "./harness";
import { initialize, ioTokenChain, METADATA } from "./fixtures";

const rawIdl = JSON.parse(readFileSync(join(__dirname, "..", "idl", "io_token.json"), "utf8")) as Idl;
const sha8 = (s: string) => Array.from(createHash("sha256").update(s).digest().subarray(0, 8));

describe("Anchor interface (io_token)", () => {
  const program = new Program<IoToken>(IO_TOKEN_IDL, { connection: new Connection("http://127.0.0.1:8899") });

  it("the SDK's typed IDL is the IDL file as Anchor's Program converts it", () => {
    expect(JSON.parse(JSON.stringify(IO_TOKEN_IDL))).to.deep.equal(convertIdlToCamelCase(rawIdl));
    expect(rawIdl.address).to.equal(IO_TOKEN_PROGRAM_ID.toBase58());
  });

  it("uses Anchor's sha256 discriminators and error numbering", () => {
    for (const ix of rawIdl.instructions) expect(ix.discriminator, ix.name).to.deep.equal(sha8(`global:${ix.name}`));
    for (const acc of rawIdl.accounts ?? []) expect(acc.discriminator, acc.name).to.deep.equal(sha8(`account:${acc.name}`));
    for (const ev of rawIdl.events ?? []) expect(ev.discriminator, ev.name).to.deep.equal(sha8(`event:${ev.name}`));
    const codes = (rawIdl.errors ?? []).map((e) => e.code);
    expect(codes[0]).to.equal(6000);
    expect(codes).to.deep.equal(codes.map((_, i) => 6000 + i));
  });

  it("runs instructions built by Anchor's Program and decodes what the program wrote", async () => {
    // Given io_token deployed; When Anchor's Program builds initialize
    const { chain, upgradeAuthority } = ioTokenChain();
    const payer = upgradeAuthority.publicKey;
    const anchorIx = await program.methods
      .initialize(METADATA.name, METADATA.symbol, METADATA.uri)
      .accountsStrict({
        payer,
        programData: programDataKey()[0],
        config: configKey()[0],
        authority: authorityKey()[0],
        ioMint: ioMintKey()[0],
        vaultSeed: vaultKey(0)[0],
        vaultSeriesA: vaultKey(1)[0],
        vaultCoreContributors: vaultKey(2)[0],
        vaultEcosystem: vaultKey(3)[0],
        vaultCommunity: vaultKey(4)[0],
        tokenProgram: TOKEN_2022_PROGRAM_ID,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
    // Then it is byte for byte the SDK's builder
    const sdkIx = initializeInstruction({ payer, ...METADATA });
    expect(anchorIx.data.equals(sdkIx.data)).to.equal(true);
    expect(anchorIx.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable])).to.deep.equal(
      sdkIx.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable]),
    );
    expect(BUCKETS.length).to.equal(5);
    // And Anchor resolves every account but the payer from the IDL's PDAs and addresses
    const resolvedIx = await program.methods
      .initialize(METADATA.name, METADATA.symbol, METADATA.uri)
      .accounts({ payer })
      .instruction();
    expect(resolvedIx.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable])).to.deep.equal(
      sdkIx.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable]),
    );

    // When it runs on the .so
    const res = expectOk(chain.send([anchorIx], [upgradeAuthority]));

    // Then Program's coder decodes the config
    const config = program.coder.accounts.decode<{ admin: PublicKey; ioMint: PublicKey; version: number }>(
      "tokenConfig",
      chain.account(configKey()[0])!.data,
    );
    expect(config.admin.equals(payer)).to.equal(true);
    expect(config.ioMint.equals(ioMintKey()[0])).to.equal(true);
    expect(config.version).to.equal(1);

    // And the raw IDL's coder and event parser (what explorers use) read the event
    const events = Array.from(new EventParser(IO_TOKEN_PROGRAM_ID, new BorshCoder(rawIdl)).parseLogs(res.logs));
    expect(events.map((e) => e.name)).to.deep.equal(["Initialized"]);
    const data = events[0].data as { admin: PublicKey; genesis_supply: { toString(): string } };
    expect(data.admin.equals(payer)).to.equal(true);
    expect(data.genesis_supply.toString()).to.equal("50000000000000000");

    // And a builder from Program for a second instruction matches the SDK and runs
    const successor = chain.wallet();
    const proposeIx = await program.methods
      .proposeAdmin(successor.publicKey)
      .accountsStrict({ admin: payer, config: configKey()[0] })
      .instruction();
    expect(proposeIx.data.equals(proposeAdminInstruction({ admin: payer, newAdmin: successor.publicKey }).data)).to.equal(
      true,
    );
    expectOk(chain.send([proposeIx], [upgradeAuthority]));
  });

  it("resolves PDAs seeded by arguments and accounts from the IDL, as the SDK derives them", async () => {
    const admin = Keypair.generate().publicKey;
    const beneficiary = Keypair.generate().publicKey;
    const keys = (ix: TransactionInstruction) => ix.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable]);
    const grant = await program.methods.addBeneficiary(1, beneficiary, new BN(5)).accounts({ admin }).instruction();
    expect(keys(grant)).to.deep.equal(keys(addBeneficiaryInstruction({ admin, bucket: 1, beneficiary, amount: new BN(5) })));
    const root = Buffer.alloc(32, 9);
    const created = await program.methods
      .createAirdrop(3, Array.from(root), new BN(10), new BN(99))
      .accounts({ admin })
      .instruction();
    expect(keys(created)).to.deep.equal(
      keys(createAirdropInstruction({ admin, id: 3, root, total: new BN(10), deadline: new BN(99) })),
    );
    const claimant = Keypair.generate().publicKey;
    const destination = Keypair.generate().publicKey;
    const claim = await program.methods
      .claimAirdrop(new BN(10), [Array.from(root)])
      .accounts({ claimant, airdrop: airdropKey(3)[0], airdropVault: airdropVaultKey(3)[0], destination })
      .instruction();
    const sdkClaim = claimAirdropInstruction({ claimant, id: 3, amount: new BN(10), proof: [root], destination });
    expect(keys(claim)).to.deep.equal(keys(sdkClaim));
    expect(claim.data.equals(sdkClaim.data)).to.equal(true);
  });

  it("maps the program's error codes to the IDL's names through Anchor", () => {
    // Given an initialised protocol; When initialise runs again
    const { chain, upgradeAuthority } = ioTokenChain();
    expectOk(initialize(chain, upgradeAuthority));
    const res = initialize(chain, upgradeAuthority);
    expect(res.ok).to.equal(false);
    // Then Anchor's ProgramError.parse finds code 6007 with the IDL's message
    const idlErrors = new Map((rawIdl.errors ?? []).map((e) => [e.code, e.msg ?? ""]));
    const failed = res.logs.find((l) => l.includes("custom program error"));
    const parsed = ProgramError.parse(new Error(failed), idlErrors);
    expect(parsed?.code).to.equal(6007);
    expect(parsed?.msg).to.equal("The protocol is already initialised");
  });
});
