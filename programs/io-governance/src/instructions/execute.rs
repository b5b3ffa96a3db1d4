//! `execute`: after the timelock and within the grace period, anyone carries out a queued
//! proposal's actions in order, each by CPI, the executor PDA signing as the target program's
//! admin. The transaction is atomic: if any action fails, nothing changes and the proposal stays
//! queued, to be executed again (until its grace period ends).

use super::{not_guardian, now, read_config, with_config_mut, with_proposal_mut};
use crate::{
    interface::{execute, Error, ProposalExecuted},
    state::{
        execute_deadline, Action, Params, Proposal, ACTION_ACCEPT_ADMIN, ACTION_CALL,
        ACTION_GUARDIAN, ACTION_ORACLE_SET, ACTION_PARAM, ACTION_PROPOSE_ADMIN, ACTION_SPEND,
        ACTION_UPGRADE, EXECUTED, EXECUTOR_SEED, GUARDIAN_BUYBACK, GUARDIAN_GOVERNANCE,
        MAX_ACTIONS, MAX_MEMBERS, QUEUED,
    },
    upgrade::{chain, Upgrade},
};
use io_common::{
    borsh::Writer,
    discriminator::discriminator,
    governance::{
        admin_call, admin_target, buyback_usdc_mint, call_instance, param, read_admin, read_param,
        setter, EXECUTOR, GOVERNANCE_CONFIG, MAX_CALL_ACCOUNTS, ORACLE_CONFIG, ORACLE_PRICE_FEED,
        TOKEN_PROGRAM,
    },
};
use pinocchio::{
    cpi::{invoke_signed, invoke_signed_with_bounds, Seed, Signer},
    error::ProgramError,
    instruction::{InstructionAccount, InstructionView},
    AccountView, ProgramResult,
};

const SET_ORACLE_SET: [u8; 8] = discriminator("global:", "set_oracle_set");
const ACCEPT_ADMIN: [u8; 8] = discriminator("global:", "accept_admin");
const SPEND_INCENTIVES: [u8; 8] = discriminator("global:", "spend_incentives");
const SET_GUARDIAN: [u8; 8] = discriminator("global:", "set_guardian");
const PROPOSE_ADMIN: [u8; 8] = discriminator("global:", "propose_admin");
/// A setter's arguments at most: 9 parameters of up to 8 bytes.
const SETTER_ARGS_LEN: usize = 8 + 9 * 8;
/// set_oracle_set's arguments at most: the quorum, a vector of up to 10 keys.
const ORACLE_ARGS_LEN: usize = 8 + 1 + 4 + 32 * MAX_MEMBERS;

/// io_governance's own parameter `action.target` set in its config, checked with the rest as
/// `initialize` checks them. Proposals already made keep the rules fixed on them.
fn set_own_param(config: &AccountView, action: &Action) -> Result<(), Error> {
    with_config_mut(config, |c| {
        let mut params = Params::read(c);
        let v = action.value;
        match action.target {
            64 => params.voting_period = v as u32,
            65 => params.quorum_bps = v as u16,
            66 => params.threshold_bps = v as u16,
            67 => params.timelock = v as u32,
            68 => params.grace_period = v as u32,
            69 => params.late_quorum_extension = v as u32,
            70 => params.proposal_threshold = v,
            71 => params.proposal_deposit = v,
            _ => return Err(Error::InvalidAction),
        }
        params.check()?;
        params.write(c);
        Ok(())
    })
}

/// Carries out one action with the accounts that follow in `rest`; returns the accounts left.
/// Each account is checked against the action's target: substituted or reordered accounts are
/// refused (InvalidTarget) before any CPI. An upgrade chains its buffer's hash into `digest`.
#[inline(always)]
fn run<'a>(
    p: &Proposal,
    (action, old): (&Action, u64),
    executor: &AccountView,
    rest: &'a [AccountView],
    signer: &[Signer],
    digest: &mut [u8; 32],
) -> Result<&'a [AccountView], ProgramError> {
    let [program, target_config, rest @ ..] = rest else {
        return Err(Error::NotEnoughAccounts.into());
    };
    match action.kind {
        // The program and its ProgramData in place of program and config; the spill account
        // (the buffer's lamports) is the proposer's.
        ACTION_UPGRADE => {
            let upgrade = Upgrade {
                target: action.target,
                key: &action.key,
                spill_to: &p.proposer,
                executor,
                program,
                program_data: target_config,
            };
            let (hash, rest) = upgrade.run(rest, signer)?;
            *digest = chain(digest, &hash);
            Ok(rest)
        }
        ACTION_PARAM => {
            let (index, _) = param(action.target).ok_or(Error::InvalidAction)?;
            let setter = setter(index).ok_or(Error::InvalidAction)?;
            if program.address() != &setter.program
                || target_config.address() != &setter.account
                || !target_config.owned_by(&setter.program)
            {
                return Err(Error::InvalidTarget.into());
            }
            if setter.program == crate::ID {
                set_own_param(target_config, action)?;
                return Ok(rest);
            }
            // Every parameter of the setter as it is now, with the action's one changed: a
            // change made meanwhile to another parameter (or by an earlier action) stays.
            let mut w = Writer::<SETTER_ARGS_LEN>::new(setter.discriminator);
            {
                let data = target_config.try_borrow()?;
                let end = setter.first.checked_add(setter.count);
                for id in setter.first..end.ok_or(Error::InvalidAction)? {
                    let (_, p) = param(id).ok_or(Error::InvalidAction)?;
                    let value = if id == action.target {
                        action.value
                    } else {
                        read_param(&data, &p).ok_or(Error::InvalidTarget)?
                    };
                    match p.size {
                        1 => w.u8(value as u8),
                        2 => w.u16(value as u16),
                        4 => w.u32(value as u32),
                        _ => w.u64(value),
                    };
                }
            }
            // A setter that keeps its admin elsewhere (io_token's config) takes that account,
            // read-only, between its admin and the written account; `execute` receives it
            // after the written one.
            let Some(extra) = setter.extra else {
                let metas = [
                    InstructionAccount::readonly_signer(executor.address()),
                    InstructionAccount::writable(target_config.address()),
                ];
                let ix = InstructionView {
                    program_id: &setter.program,
                    data: w.as_slice(),
                    accounts: &metas,
                };
                invoke_signed(&ix, &[executor, target_config], signer)?;
                return Ok(rest);
            };
            let [extra_account, rest @ ..] = rest else {
                return Err(Error::NotEnoughAccounts.into());
            };
            if extra_account.address() != &extra {
                return Err(Error::InvalidTarget.into());
            }
            let metas = [
                InstructionAccount::readonly_signer(executor.address()),
                InstructionAccount::readonly(extra_account.address()),
                InstructionAccount::writable(target_config.address()),
            ];
            let ix = InstructionView {
                program_id: &setter.program,
                data: w.as_slice(),
                accounts: &metas,
            };
            invoke_signed(&ix, &[executor, extra_account, target_config], signer)?;
            Ok(rest)
        }
        ACTION_ORACLE_SET => {
            let [price_feed, rest @ ..] = rest else {
                return Err(Error::NotEnoughAccounts.into());
            };
            if program.address() != &io_common::oracle::IO_ORACLE_ID
                || target_config.address() != &ORACLE_CONFIG
                || price_feed.address() != &ORACLE_PRICE_FEED
            {
                return Err(Error::InvalidTarget.into());
            }
            let mut w = Writer::<ORACLE_ARGS_LEN>::new(SET_ORACLE_SET);
            w.u8(action.value as u8);
            let count = (p.member_count as usize).min(MAX_MEMBERS);
            w.u32(count as u32);
            for m in p.members.iter().take(count) {
                w.pubkey(m);
            }
            let metas = [
                InstructionAccount::readonly_signer(executor.address()),
                InstructionAccount::writable(target_config.address()),
                InstructionAccount::writable(price_feed.address()),
            ];
            let ix = InstructionView {
                program_id: &io_common::oracle::IO_ORACLE_ID,
                data: w.as_slice(),
                accounts: &metas,
            };
            invoke_signed(&ix, &[executor, target_config, price_feed], signer)?;
            Ok(rest)
        }
        ACTION_ACCEPT_ADMIN => {
            let (id, config) = admin_target(action.target).ok_or(Error::InvalidAction)?;
            if program.address() != &id || target_config.address() != &config {
                return Err(Error::InvalidTarget.into());
            }
            // Anyone can complete a hand-over without a vote (`accept_admin`): done since the
            // proposal, the executor is the admin and the action holds. Calling the target's
            // accept_admin again would fail (NoPendingAdmin) and take the other actions with it.
            let data = target_config.try_borrow()?;
            if target_config.owned_by(&id) && read_admin(action.target, &data) == Some(EXECUTOR) {
                return Ok(rest);
            }
            drop(data);
            let metas = [
                InstructionAccount::readonly_signer(executor.address()),
                InstructionAccount::writable(target_config.address()),
            ];
            let ix = InstructionView {
                program_id: &id,
                data: &ACCEPT_ADMIN,
                accounts: &metas,
            };
            invoke_signed(&ix, &[executor, target_config], signer)?;
            Ok(rest)
        }
        ACTION_SPEND => spend(action, executor, program, target_config, rest, signer),
        ACTION_GUARDIAN | ACTION_PROPOSE_ADMIN => {
            set_key(action, executor, program, target_config, signer)?;
            Ok(rest)
        }
        ACTION_CALL => call(
            (action, old),
            executor,
            program,
            target_config,
            rest,
            signer,
        ),
        _ => Err(Error::InvalidAction.into()),
    }
}

/// An admin call (io_common::governance::admin_call): after the program come the call's
/// accounts in the callee's order, its config first; each must be the table's, and the one the
/// key names the key (`InvalidTarget`: a substituted participant, job or release destination).
/// The arguments are the table's constant byte, if any, then the action's value. The matter it
/// decides (`call_instance`: the slash, dispute or pause) must be the one fixed at the proposal,
/// `old` (`CallTargetChanged`).
#[inline(always)]
fn call<'a>(
    (action, old): (&Action, u64),
    executor: &AccountView,
    program: &AccountView,
    target_config: &AccountView,
    rest: &'a [AccountView],
    signer: &[Signer],
) -> Result<&'a [AccountView], ProgramError> {
    let c = admin_call(action.target).ok_or(Error::InvalidAction)?;
    let count = (c.count as usize).min(MAX_CALL_ACCOUNTS);
    let more = count.checked_sub(1).ok_or(Error::InvalidAction)?;
    if rest.len() < more {
        return Err(Error::NotEnoughAccounts.into());
    }
    let (mine, rest) = rest.split_at(more);
    if program.address() != &c.program {
        return Err(Error::InvalidTarget.into());
    }
    let mut infos: [&AccountView; MAX_CALL_ACCOUNTS + 1] = [executor; MAX_CALL_ACCOUNTS + 1];
    for (slot, info) in infos.iter_mut().skip(1).take(count).enumerate() {
        let account = if slot == 0 {
            target_config
        } else {
            mine.get(slot.wrapping_sub(1))
                .ok_or(Error::NotEnoughAccounts)?
        };
        let expected = if slot != 0 && slot == c.key_slot as usize {
            pinocchio::Address::new_from_array(action.key)
        } else {
            *c.accounts.get(slot).ok_or(Error::InvalidAction)?
        };
        if account.address() != &expected {
            return Err(Error::InvalidTarget.into());
        }
        *info = account;
    }
    // infos[0] is the executor, infos[1 + slot] the account of `slot`.
    let named = match c.key_slot {
        0 => None,
        slot => infos.get((slot as usize).saturating_add(1)).copied(),
    };
    if call_instance(action.target, target_config, named) != Some(old) {
        return Err(Error::CallTargetChanged.into());
    }
    let mut w = Writer::<56>::new(c.discriminator);
    if let Some(byte) = c.prefix {
        w.u8(byte);
    }
    if c.key_arg {
        w.pubkey(&pinocchio::Address::new_from_array(action.key));
    }
    match c.value_size {
        0 => &mut w,
        1 => w.u8(action.value as u8),
        4 => w.u32(action.value as u32),
        _ => w.u64(action.value),
    };
    let metas: [InstructionAccount; MAX_CALL_ACCOUNTS + 1] = core::array::from_fn(|i| {
        let address = infos.get(i).unwrap_or(&executor).address();
        match i.checked_sub(1) {
            None => InstructionAccount::readonly_signer(address),
            Some(slot) => {
                InstructionAccount::new(address, c.writable.get(slot) == Some(&true), false)
            }
        }
    });
    let n = count.checked_add(1).ok_or(Error::InvalidAction)?;
    let ix = InstructionView {
        program_id: &c.program,
        data: w.as_slice(),
        accounts: metas.get(..n).ok_or(Error::InvalidAction)?,
    };
    invoke_signed_with_bounds::<{ MAX_CALL_ACCOUNTS + 1 }, _>(
        &ix,
        infos.get(..n).ok_or(Error::InvalidAction)?,
        signer,
    )?;
    Ok(rest)
}

/// A spend: io_buyback's `spend_incentives(value)` to the destination the action names. After
/// the program and its config come the incentives vault, the USDC mint, the destination, io_buyback's
/// authority and SPL Token, each checked before the CPI.
#[inline(always)]
fn spend<'a>(
    action: &Action,
    executor: &AccountView,
    program: &AccountView,
    target_config: &AccountView,
    rest: &'a [AccountView],
    signer: &[Signer],
) -> Result<&'a [AccountView], ProgramError> {
    let [vault, mint, destination, authority, token_program, rest @ ..] = rest else {
        return Err(Error::NotEnoughAccounts.into());
    };
    let usdc = buyback_usdc_mint(target_config).ok_or(Error::InvalidTarget)?;
    if program.address() != &io_common::buyback::IO_BUYBACK_ID
        || vault.address() != &io_common::buyback::INCENTIVES_VAULT
        || mint.address() != &usdc
        || authority.address() != &io_common::buyback::BUYBACK_AUTHORITY
        || token_program.address() != &TOKEN_PROGRAM
    {
        return Err(Error::InvalidTarget.into());
    }
    if destination.address().to_bytes() != action.key {
        return Err(Error::WrongDestination.into());
    }
    let mut w = Writer::<16>::new(SPEND_INCENTIVES);
    w.u64(action.value);
    let metas = [
        InstructionAccount::readonly_signer(executor.address()),
        InstructionAccount::writable(target_config.address()),
        InstructionAccount::writable(vault.address()),
        InstructionAccount::readonly(mint.address()),
        InstructionAccount::writable(destination.address()),
        InstructionAccount::readonly(authority.address()),
        InstructionAccount::readonly(token_program.address()),
    ];
    let ix = InstructionView {
        program_id: &io_common::buyback::IO_BUYBACK_ID,
        data: w.as_slice(),
        accounts: &metas,
    };
    let infos = [
        executor,
        target_config,
        vault,
        mint,
        destination,
        authority,
        token_program,
    ];
    invoke_signed(&ix, &infos, signer)?;
    Ok(rest)
}

/// A key action: io_buyback's `set_guardian(key)`, io_governance's own guardian (written here,
/// no CPI), or program `target`'s `propose_admin(key)`; the executor signs as the admin.
#[inline(always)]
fn set_key(
    action: &Action,
    executor: &AccountView,
    program: &AccountView,
    target_config: &AccountView,
    signer: &[Signer],
) -> Result<(), ProgramError> {
    let (id, config, discriminator) = match (action.kind, action.target) {
        (ACTION_GUARDIAN, GUARDIAN_GOVERNANCE) => {
            if program.address() != &crate::ID
                || target_config.address() != &GOVERNANCE_CONFIG
                || !target_config.owned_by(&crate::ID)
            {
                return Err(Error::InvalidTarget.into());
            }
            with_config_mut(target_config, |c| {
                c.guardian = pinocchio::Address::new_from_array(action.key);
                Ok(())
            })?;
            return Ok(());
        }
        (ACTION_GUARDIAN, GUARDIAN_BUYBACK) => (
            io_common::buyback::IO_BUYBACK_ID,
            io_common::buyback::BUYBACK_CONFIG,
            SET_GUARDIAN,
        ),
        (ACTION_PROPOSE_ADMIN, t) => {
            let (id, config) = admin_target(t).ok_or(Error::InvalidAction)?;
            (id, config, PROPOSE_ADMIN)
        }
        _ => return Err(Error::InvalidAction.into()),
    };
    if program.address() != &id || target_config.address() != &config {
        return Err(Error::InvalidTarget.into());
    }
    let mut w = Writer::<40>::new(discriminator);
    w.pubkey(&pinocchio::Address::new_from_array(action.key));
    let metas = [
        InstructionAccount::readonly_signer(executor.address()),
        InstructionAccount::writable(target_config.address()),
    ];
    let ix = InstructionView {
        program_id: &id,
        data: w.as_slice(),
        accounts: &metas,
    };
    invoke_signed(&ix, &[executor, target_config], signer)?;
    Ok(())
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, mut rest) = execute::Accounts::parse(accounts)?;
    execute::Args::parse(data)?;
    let config = read_config(&a.config)?;
    not_guardian(&config, a.caller.address())?;
    let now = now()?;
    let p: Proposal = with_proposal_mut(&a.proposal, |p| {
        if p.state != QUEUED {
            return Err(Error::NotQueued);
        }
        if now < p.eta.get() {
            return Err(Error::TimelockActive);
        }
        if now >= execute_deadline(p) {
            return Err(Error::ProposalExpired);
        }
        Ok(*p)
    })?;
    if a.executor.address() != &EXECUTOR {
        return Err(Error::InvalidTarget.into());
    }
    let bump = [config.executor_bump];
    let seeds = [Seed::from(EXECUTOR_SEED), Seed::from(&bump)];
    let signer = [Signer::from(&seeds)];
    let count = (p.action_count as usize).min(MAX_ACTIONS);
    let mut digest = [0u8; 32];
    for i in 0..count {
        let action = Action::of(&p, i).ok_or(Error::InvalidAction)?;
        let old = p.old_values.get(i).ok_or(Error::InvalidAction)?.get();
        rest = run(&p, (&action, old), &a.executor, rest, &signer, &mut digest)?;
    }
    // The upgrade buffers held what was proposed (each was hashed before the loader emptied it;
    // a mismatch fails the transaction, the upgrades with it).
    if digest != p.upgrade_digest {
        return Err(Error::BufferChanged.into());
    }
    // Every account was an action's: extra accounts would hide a mismatch of order or count.
    if !rest.is_empty() {
        return Err(Error::InvalidTarget.into());
    }
    with_proposal_mut(&a.proposal, |p| {
        p.state = EXECUTED;
        Ok(())
    })?;
    ProposalExecuted {
        proposal: *a.proposal.address(),
    }
    .emit();
    Ok(())
}
