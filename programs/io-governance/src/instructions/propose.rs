//! `propose`: a staker with enough voting power opens a proposal carrying 1 to 4 typed actions,
//! each checked now against its target program's bounds (the value in force kept for the diff);
//! the rules in force now are fixed on it, with the digest of any upgrade buffers (each held by
//! the proposer and handed to the executor here), and the proposal deposit in force moves from
//! the proposer into the deposit vault.

use super::{check_io_account, not_guardian, now, read_config, with_config_mut};
use crate::{
    interface::{propose, ActionProposed, DepositTaken, Error, Proposed},
    state::{
        check_guardian_alone, parse_actions, Action, Proposal, ACCOUNT_VERSION,
        ACTION_ACCEPT_ADMIN, ACTION_CALL, ACTION_GUARDIAN, ACTION_ORACLE_SET, ACTION_PARAM,
        ACTION_PROPOSE_ADMIN, ACTION_SPEND, ACTION_UPGRADE, DEPOSIT_VAULT_SEED, GUARDIAN_BUYBACK,
        GUARDIAN_GOVERNANCE, IO_DECIMALS, MAX_MEMBERS, PROPOSAL_SEED, TOKEN_2022_ID, VOTING,
    },
    upgrade::{buffer_hash, chain, hand_over},
};
use io_common::{
    account::{CreatePda, CreateTokenAccount},
    governance::{
        admin_call, admin_target, buyback_usdc_mint, call_instance, param, read_param, setter,
        spl_token_account, token_2022_account, upgrade_target, DEPOSIT_VAULT, DEPOSIT_VAULT_BUMP,
        EXECUTOR, GOVERNANCE_CONFIG, ORACLE_CONFIG,
    },
    loader::{check_upgrade_authority, LOADER_V3},
    staking::{power_for, read_position, read_total},
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};
use pinocchio_token_2022::instructions::TransferChecked;

/// The action's checks against the target program's declared bounds; returns the value in force.
/// `members` is the proposal's oracle set (only an oracle-set action reads it); `earlier` are the
/// proposal's actions before this one.
fn check_action(
    action: &Action,
    earlier: &[Action],
    members: &[[u8; 32]],
    target_config: &AccountView,
) -> Result<u64, Error> {
    let no_key = action.key == [0u8; 32];
    match action.kind {
        ACTION_PARAM => {
            let (index, param) = param(action.target).ok_or(Error::InvalidAction)?;
            let setter = setter(index).ok_or(Error::InvalidAction)?;
            if !no_key {
                return Err(Error::InvalidAction);
            }
            if action.value < param.min || action.value > param.max {
                return Err(Error::ParamOutOfBounds);
            }
            if target_config.address() != &setter.account
                || !target_config.owned_by(&setter.program)
            {
                return Err(Error::InvalidTarget);
            }
            let data = target_config
                .try_borrow()
                .map_err(|_| Error::InvalidTarget)?;
            // `execute` passes the setter its other parameters as then in force; one in force
            // now outside its bounds (io_staking's slash_window before any set_slashing) would
            // make the voted proposal fail, unless an earlier action of it sets that parameter.
            // Setters keep their parameters within these bounds, so what holds now holds then.
            let end = setter.first.checked_add(setter.count);
            for id in setter.first..end.ok_or(Error::InvalidAction)? {
                let (_, other) = io_common::governance::param(id).ok_or(Error::InvalidAction)?;
                let v = read_param(&data, &other).ok_or(Error::InvalidTarget)?;
                let set_earlier = earlier
                    .iter()
                    .any(|b| b.kind == ACTION_PARAM && b.target == id);
                if id != action.target && !set_earlier && (v < other.min || v > other.max) {
                    return Err(Error::ParamOutOfBounds);
                }
            }
            read_param(&data, &param).ok_or(Error::InvalidTarget)
        }
        ACTION_ORACLE_SET => {
            // io_oracle's own rule: 1..=10 distinct non-zero members and a majority quorum.
            let count = members.len();
            let distinct = members
                .iter()
                .enumerate()
                .all(|(i, m)| *m != [0u8; 32] && !members[..i].contains(m));
            let quorum = action.value;
            let majority = quorum.saturating_mul(2) > count as u64;
            if count == 0 || count > MAX_MEMBERS || !distinct || !majority || quorum > count as u64
            {
                return Err(Error::InvalidOracleSet);
            }
            if action.target != 0 || !no_key {
                return Err(Error::InvalidAction);
            }
            if target_config.address() != &ORACLE_CONFIG
                || !target_config.owned_by(&io_common::oracle::IO_ORACLE_ID)
            {
                return Err(Error::InvalidTarget);
            }
            Ok(0)
        }
        ACTION_ACCEPT_ADMIN => {
            let (program, config) = admin_target(action.target).ok_or(Error::InvalidAction)?;
            if !no_key || action.value != 0 {
                return Err(Error::InvalidAction);
            }
            if target_config.address() != &config || !target_config.owned_by(&program) {
                return Err(Error::InvalidTarget);
            }
            Ok(0)
        }
        ACTION_SPEND | ACTION_GUARDIAN | ACTION_PROPOSE_ADMIN => {
            check_key_action(action, target_config)
        }
        ACTION_CALL => {
            // The call's bounds, its key where it names an account and none where it does not;
            // the named account follows the target configs (`check_named_accounts`).
            let call = admin_call(action.target).ok_or(Error::InvalidAction)?;
            if (call.key_slot == 0 && !call.key_arg) != no_key {
                return Err(Error::InvalidAction);
            }
            if action.value < call.min || action.value > call.max {
                return Err(Error::ParamOutOfBounds);
            }
            let config = call.accounts.first().ok_or(Error::InvalidAction)?;
            if target_config.address() != config || !target_config.owned_by(&call.program) {
                return Err(Error::InvalidTarget);
            }
            // The matter it decides (an unpause: the pause in force); a call whose key names
            // an account takes its matter from that account (`check_named_accounts`).
            if call.key_slot != 0 {
                return Ok(0);
            }
            call_instance(action.target, target_config, None).ok_or(Error::InvalidTarget)
        }
        // The target config is the buffer, checked with its content in `upgrade_digest`.
        ACTION_UPGRADE => {
            if upgrade_target(action.target).is_none() || action.value != 0 {
                return Err(Error::InvalidAction);
            }
            Ok(0)
        }
        _ => Err(Error::InvalidAction),
    }
}

/// The upgrade actions' buffers (their target configs), each a loader v3 Buffer at the action's
/// key, writable, whose authority is the proposer (BufferNotProposers: another key, or the
/// executor already, for whom nobody can prove the buffer was theirs), chained into the digest the
/// proposal fixes. A buffer named by two upgrade actions is refused: the loader empties a buffer
/// it deploys, so the second could never execute and the voted proposal would stay Queued until
/// its grace period ends.
fn upgrade_digest(
    actions: &[Action],
    targets: &[AccountView],
    proposer: &Address,
) -> Result<[u8; 32], Error> {
    let mut digest = [0u8; 32];
    for (i, (action, buffer)) in actions.iter().zip(targets).enumerate() {
        if action.kind == ACTION_UPGRADE {
            let earlier = actions.get(..i).ok_or(Error::InvalidActionCount)?;
            if earlier
                .iter()
                .any(|b| b.kind == ACTION_UPGRADE && b.key == action.key)
            {
                return Err(Error::InvalidBuffer);
            }
            // A buffer without lamports (created empty in this transaction) is dropped by the
            // runtime when the transaction ends: the proposal would stand on a vanished buffer,
            // and a buffer written later at its address could be named again by a second
            // proposal, whose buffer `reclaim_buffer` of this one would then close. With any
            // lamports the runtime keeps it (it must be rent-exempt at the end), and from the
            // hand-over on only the executor can move them.
            if buffer.lamports() == 0 {
                return Err(Error::InvalidBuffer);
            }
            let hash = buffer_hash(buffer, &action.key, proposer, Error::BufferNotProposers)?;
            if !buffer.is_writable() {
                return Err(Error::AccountNotWritable);
            }
            digest = chain(&digest, &hash);
        }
    }
    Ok(digest)
}

/// Each upgrade action's ProgramData, one account per upgrade action after the accounts spends
/// and keyed admin calls name (`check_named_accounts`), in order: its program's ProgramData, whose upgrade authority is the executor.
/// Without it the loader refuses `Upgrade` at execution, and the proposal, voted for nothing,
/// stays Queued until its grace period ends (InvalidTarget: another account, not a ProgramData,
/// another authority, an immutable program). With any upgrade, the executor and the loader follow
/// (the buffers' hand-over): returned, checked (InvalidTarget).
fn check_upgrade_authorities<'t>(
    actions: &[Action],
    targets: &'t [AccountView],
) -> Result<Option<(&'t AccountView, &'t AccountView)>, Error> {
    let named = actions
        .iter()
        .filter(|a| {
            a.kind == ACTION_SPEND
                || (a.kind == ACTION_CALL && admin_call(a.target).is_some_and(|c| c.key_slot != 0))
        })
        .count();
    let first = actions
        .len()
        .checked_add(named)
        .ok_or(Error::InvalidActionCount)?;
    let mut program_datas = targets.get(first..).unwrap_or(&[]).iter();
    for action in actions.iter().filter(|a| a.kind == ACTION_UPGRADE) {
        let program_data = program_datas.next().ok_or(Error::NotEnoughAccounts)?;
        let id = upgrade_target(action.target).ok_or(Error::InvalidAction)?;
        check_upgrade_authority(&id, program_data, &EXECUTOR).map_err(|_| Error::InvalidTarget)?;
    }
    if !actions.iter().any(|a| a.kind == ACTION_UPGRADE) {
        return Ok(None);
    }
    let (Some(executor), Some(loader)) = (program_datas.next(), program_datas.next()) else {
        return Err(Error::NotEnoughAccounts);
    };
    if executor.address() != &EXECUTOR || loader.address() != &LOADER_V3 {
        return Err(Error::InvalidTarget);
    }
    Ok(Some((executor, loader)))
}

/// Moves the deposit in force from the proposer's IO account into the deposit vault, created on
/// the first deposit (the proposer pays its rent). Nothing moves when the deposit is 0.
fn take_deposit(a: &propose::Accounts, deposit: u64) -> ProgramResult {
    if deposit == 0 {
        return Ok(());
    }
    // Only io_governance can sign for its PDA, so a Token-2022 account there is the vault.
    if !a.deposit_vault.owned_by(&TOKEN_2022_ID) {
        let bump = [DEPOSIT_VAULT_BUMP];
        let seeds = [Seed::from(DEPOSIT_VAULT_SEED), Seed::from(&bump)];
        CreateTokenAccount {
            payer: &a.proposer,
            account: &a.deposit_vault,
            mint: &a.io_mint,
            owner: &DEPOSIT_VAULT,
            token_program: &TOKEN_2022_ID,
        }
        .invoke_signed(Signer::from(&seeds))?;
    }
    // The proposer's signature moves its IO; Token-2022 checks the account's owner, mint and
    // balance (InsufficientFunds leaves nothing changed).
    TransferChecked::new(
        &a.proposer_io,
        &a.io_mint,
        &a.deposit_vault,
        &a.proposer,
        deposit,
        IO_DECIMALS,
    )
    .invoke()
}

/// The actions that carry a key: a spend (its target config is io_buyback's; the destination
/// follows all the target configs, see `check_spend_destinations`), a guardian, a proposed
/// admin. The key is never zero.
fn check_key_action(action: &Action, target_config: &AccountView) -> Result<u64, Error> {
    if action.key == [0u8; 32] {
        return Err(Error::InvalidAction);
    }
    let (program, config) = match (action.kind, action.target) {
        (ACTION_SPEND, 0) if action.value > 0 => (
            io_common::buyback::IO_BUYBACK_ID,
            io_common::buyback::BUYBACK_CONFIG,
        ),
        (ACTION_GUARDIAN, GUARDIAN_BUYBACK) if action.value == 0 => (
            io_common::buyback::IO_BUYBACK_ID,
            io_common::buyback::BUYBACK_CONFIG,
        ),
        (ACTION_GUARDIAN, GUARDIAN_GOVERNANCE) if action.value == 0 => {
            (crate::ID, GOVERNANCE_CONFIG)
        }
        (ACTION_PROPOSE_ADMIN, t) if action.value == 0 => {
            admin_target(t).ok_or(Error::InvalidAction)?
        }
        _ => return Err(Error::InvalidAction),
    };
    if target_config.address() != &config || !target_config.owned_by(&program) {
        return Err(Error::InvalidTarget);
    }
    Ok(0)
}

/// The accounts spends and admin calls name, one per such action after all the target configs,
/// in order, each the action's key (`WrongDestination`): a spend's destination, an SPL Token
/// account of io_buyback's USDC mint, not io_buyback's own; a release's destination, an IO
/// account (Token-2022) not io_token's (`InvalidDestination`); io_staking's participant,
/// io_jobs' job (that program's Participant and Job, `InvalidTarget`), whose slash or dispute
/// in force is kept in `old_values` (`call_instance`): the proposal decides that one only.
fn check_named_accounts(
    actions: &[Action],
    targets: &[AccountView],
    old_values: &mut [u64],
) -> Result<(), Error> {
    let mut named = targets.get(actions.len()..).unwrap_or(&[]).iter();
    for ((action, target), old) in actions.iter().zip(targets).zip(old_values.iter_mut()) {
        let call = match action.kind {
            ACTION_SPEND => None,
            ACTION_CALL => match admin_call(action.target) {
                Some(c) if c.key_slot != 0 => Some(c),
                _ => continue,
            },
            _ => continue,
        };
        let account = named.next().ok_or(Error::NotEnoughAccounts)?;
        if account.address().to_bytes() != action.key {
            return Err(Error::WrongDestination);
        }
        let Some(call) = call else {
            let usdc = buyback_usdc_mint(target).ok_or(Error::InvalidTarget)?;
            let (mint, owner) = spl_token_account(account).ok_or(Error::InvalidDestination)?;
            if mint != usdc || owner == io_common::buyback::BUYBACK_AUTHORITY {
                return Err(Error::InvalidDestination);
            }
            continue;
        };
        if call.key_owner == io_common::token::TOKEN_2022_PROGRAM {
            let (mint, owner) = token_2022_account(account).ok_or(Error::InvalidDestination)?;
            if mint != io_common::token::IO_MINT || owner == io_common::token::TOKEN_AUTHORITY {
                return Err(Error::InvalidDestination);
            }
        } else if !account.owned_by(&call.key_owner) {
            return Err(Error::InvalidTarget);
        } else {
            *old =
                call_instance(action.target, target, Some(account)).ok_or(Error::InvalidTarget)?;
        }
    }
    Ok(())
}

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, targets) = propose::Accounts::parse(accounts)?;
    let args = propose::Args::parse(data)?;
    let config = read_config(&a.config)?;
    not_guardian(&config, a.proposer.address())?;
    if args.index != config.proposal_count.get() {
        return Err(Error::WrongProposalIndex.into());
    }
    let (actions, count) = parse_actions(args.actions)?;
    let actions = actions.get(..count).ok_or(Error::InvalidActionCount)?;
    // The members belong to an oracle-set action: none without one.
    if !args.members.is_empty() && !actions.iter().any(|x| x.kind == ACTION_ORACLE_SET) {
        return Err(Error::InvalidAction.into());
    }
    if targets.len() < count {
        return Err(Error::NotEnoughAccounts.into());
    }
    let mut old_values = [0u64; crate::state::MAX_ACTIONS];
    for (i, ((action, target), old)) in actions
        .iter()
        .zip(targets)
        .zip(old_values.iter_mut())
        .enumerate()
    {
        let earlier = actions.get(..i).ok_or(Error::InvalidActionCount)?;
        *old = check_action(action, earlier, args.members, target)?;
    }
    check_named_accounts(actions, targets, &mut old_values)?;
    check_guardian_alone(actions)?;
    let digest = upgrade_digest(actions, targets, a.proposer.address())?;
    let hand_over_to = check_upgrade_authorities(actions, targets)?;
    let (epoch, eligible) =
        read_total(&a.staking_config).map_err(|_| Error::InvalidStakingConfig)?;
    let position = read_position(&a.position).map_err(|_| Error::InvalidPosition)?;
    if &position.staker != a.proposer.address() {
        return Err(Error::InvalidPosition.into());
    }
    let power =
        power_for(&position.checkpoint, epoch).map_err(|_| Error::StakeChangedAfterStart)?;
    if power < config.proposal_threshold.get() {
        return Err(Error::BelowProposalThreshold.into());
    }
    let index_bytes = args.index.to_le_bytes();
    let (address, bump) =
        Address::find_program_address(&io_common::seeds![PROPOSAL_SEED, &index_bytes], program_id);
    if a.proposal.address() != &address {
        return Err(Error::InvalidProposal.into());
    }
    // The deposit's accounts, checked before anything is written (with no deposit the
    // proposer's IO account is not read).
    let deposit = config.proposal_deposit.get();
    if a.deposit_vault.address() != &DEPOSIT_VAULT {
        return Err(Error::InvalidDepositAccount.into());
    }
    if deposit > 0 {
        check_io_account(&a.proposer_io, a.proposer.address())?;
    }
    let now = now()?;
    let end = now.saturating_add(config.voting_period.get() as i64);
    let extension = config.late_quorum_extension.get();
    let lock_end = end.saturating_add(extension as i64);
    let bump_seed = [bump];
    let signer_seeds = [
        Seed::from(PROPOSAL_SEED),
        Seed::from(&index_bytes),
        Seed::from(&bump_seed),
    ];
    CreatePda {
        payer: &a.proposer,
        account: &a.proposal,
        space: Proposal::LEN,
        rent_space: Proposal::LEN,
        owner: program_id,
    }
    .invoke_signed(Signer::from(&signer_seeds))?;
    {
        let mut account = a.proposal;
        let mut data = account.try_borrow_mut()?;
        let p = Proposal::init(&mut data)?;
        p.version = ACCOUNT_VERSION;
        p.bump = bump;
        p.state = VOTING;
        p.action_count = count as u8;
        p.index.set(args.index);
        p.proposer = *a.proposer.address();
        p.snapshot_epoch.set(epoch);
        p.extension.set(extension);
        p.lock_end.set(lock_end);
        p.start.set(now);
        p.end.set(end);
        p.eligible.set(eligible);
        p.quorum_bps.set(config.quorum_bps.get());
        p.threshold_bps.set(config.threshold_bps.get());
        p.timelock.set(config.timelock.get());
        p.grace_period.set(config.grace_period.get());
        for (i, (action, old)) in actions.iter().zip(old_values).enumerate() {
            action.store(p, i, old)?;
        }
        p.member_count = args.members.len() as u8;
        for (slot, m) in p.members.iter_mut().zip(args.members.iter()) {
            *slot = Address::new_from_array(*m);
        }
        p.deposit.set(deposit);
        p.upgrade_digest = digest;
        // The upgrade actions whose buffer this proposal takes from its proposer (below): the
        // only ones `reclaim_buffer` may close.
        for (i, action) in actions.iter().enumerate() {
            if action.kind == ACTION_UPGRADE {
                p.buffers_held |= 1u8 << i;
            }
        }
    }
    take_deposit(&a, deposit)?;
    // Each upgrade's buffer passes from the proposer (checked above) to the executor: from now on
    // only a voted execution or, once the proposal can never execute, `reclaim_buffer` uses it.
    if let Some((executor, _loader)) = hand_over_to {
        for (action, buffer) in actions.iter().zip(targets) {
            if action.kind == ACTION_UPGRADE {
                hand_over(buffer, &a.proposer, executor)?;
            }
        }
    }
    with_config_mut(&a.config, |c| {
        let next = c.proposal_count.get().checked_add(1);
        c.proposal_count.set(next.ok_or(Error::ArithmeticOverflow)?);
        Ok(())
    })?;
    Proposed {
        proposal: address,
        index: args.index,
        proposer: *a.proposer.address(),
        action_count: count as u8,
        snapshot_epoch: epoch,
        eligible,
        end,
    }
    .emit();
    if deposit > 0 {
        DepositTaken {
            proposal: address,
            proposer: *a.proposer.address(),
            amount: deposit,
        }
        .emit();
    }
    for (i, (action, old_value)) in actions.iter().zip(old_values).enumerate() {
        ActionProposed {
            proposal: address,
            position: i as u8,
            kind: action.kind,
            target: action.target,
            old_value,
            value: action.value,
            key: Address::new_from_array(action.key),
        }
        .emit();
    }
    Ok(())
}
