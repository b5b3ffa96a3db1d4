//! `stake`: IO to a participant. The participant's authority adds to its own stake at once;
//! anyone else's stake waits for the next epoch and then earns the participant's share. The
//! position commits to the cooldown in force: governance can shorten it later, never lengthen it.

use crate::{
    accounts::{
        accrue, read_config, record_power, record_total, settle, voting_stake, with_config_mut,
        with_participant_mut, with_position_mut,
    },
    interface::{stake, Error, Staked},
    state::{Position, ACCOUNT_VERSION, IO_DECIMALS, MIN_DELEGATION, POSITION_SEED},
};
use io_common::{account::CreatePda, seeds};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, Address, ProgramResult,
};
use pinocchio_token_2022::instructions::TransferChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let program_id = &crate::ID;
    let (a, _) = stake::Accounts::parse(accounts)?;
    let args = stake::Args::parse(data)?;
    if args.amount == 0 {
        return Err(Error::ZeroAmount.into());
    }
    let config = read_config(&a.config)?;
    if a.io_mint.address() != &config.io_mint || a.stake_vault.address() != &config.stake_vault {
        return Err(Error::InvalidVault.into());
    }
    let own = with_participant_mut(&a.participant, |p| Ok(&p.authority == a.staker.address()))?;
    if !own && args.amount < MIN_DELEGATION {
        return Err(Error::MinimumStake.into());
    }
    let (address, bump) = Address::find_program_address(
        &seeds![
            POSITION_SEED,
            a.participant.address().as_ref(),
            a.staker.address().as_ref()
        ],
        program_id,
    );
    if a.position.address() != &address {
        return Err(Error::InvalidPosition.into());
    }
    if !a.position.owned_by(program_id) {
        let bump_seed = [bump];
        let signer_seeds = [
            Seed::from(POSITION_SEED),
            Seed::from(a.participant.address().as_ref()),
            Seed::from(a.staker.address().as_ref()),
            Seed::from(&bump_seed),
        ];
        CreatePda {
            payer: &a.staker,
            account: &a.position,
            space: Position::LEN,
            rent_space: Position::LEN,
            owner: program_id,
        }
        .invoke_signed(Signer::from(&signer_seeds))?;
        let mut account = a.position;
        let mut data = account.try_borrow_mut()?;
        let pos = Position::init(&mut data)?;
        pos.version = ACCOUNT_VERSION;
        pos.bump = bump;
        pos.participant = *a.participant.address();
        pos.staker = *a.staker.address();
    }
    // The staker's own signature moves the IO; the token program checks owner and balance.
    TransferChecked::new(
        &a.staker_io,
        &a.io_mint,
        &a.stake_vault,
        &a.staker,
        args.amount,
        IO_DECIMALS,
    )
    .invoke()?;
    with_config_mut(&a.config, |config| {
        with_participant_mut(&a.participant, |p| {
            with_position_mut(&a.position, |pos| {
                settle(config, p, &a.participant, &a.last_epoch)?;
                accrue(config, p, pos)?;
                let before = voting_stake(pos)?;
                let staked = config.staked.get().checked_add(args.amount);
                config.staked.set(staked.ok_or(Error::ArithmeticOverflow)?);
                // The terms the stake is committed under: the cooldown in force now. A position
                // that already holds stake keeps the longer of its own and this one (the staker
                // accepts the current terms by staking more); an empty one takes this one.
                let current = config.cooldown.get();
                let holds = pos.active.get() != 0 || pos.pending.get() != 0;
                pos.cooldown.set(if holds {
                    pos.cooldown.get().max(current)
                } else {
                    current
                });
                if own {
                    let active = pos.active.get().checked_add(args.amount);
                    let own_stake = p.own_stake.get().checked_add(args.amount);
                    pos.active.set(active.ok_or(Error::ArithmeticOverflow)?);
                    p.own_stake.set(own_stake.ok_or(Error::ArithmeticOverflow)?);
                } else {
                    let pending = pos.pending.get().checked_add(args.amount);
                    let next = config.epoch.get().checked_add(1);
                    pos.pending.set(pending.ok_or(Error::ArithmeticOverflow)?);
                    pos.pending_epoch
                        .set(next.ok_or(Error::ArithmeticOverflow)?);
                }
                // Stake added now never votes on proposals opened in this epoch or before.
                record_power(config.epoch.get(), pos, before)?;
                record_total(config, before, voting_stake(pos)?)?;
                Ok(())
            })
        })
    })?;
    Staked {
        participant: *a.participant.address(),
        staker: *a.staker.address(),
        amount: args.amount,
        own,
    }
    .emit();
    Ok(())
}
