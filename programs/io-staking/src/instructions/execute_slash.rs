//! `execute_slash`: after the contest window (or an upheld contest), anyone burns the fraction
//! of the node's own stake fixed when the slash's quorum was reached, active first, then cooling. Delegated stake is not
//! slashed: stakers choose an operator, the operator answers with its own stake.

use super::now;
use crate::{
    accounts::{
        read_config, record_power, record_total, voting_stake, with_config_mut,
        with_participant_mut, with_position_mut,
    },
    interface::{execute_slash, Error, SlashUpdate},
    state::{
        AUTHORITY_SEED, BPS, IO_DECIMALS, SLASH_CONTESTED, SLASH_NONE, SLASH_PENDING, SLASH_UPHELD,
    },
};
use io_common::math::mul_div;
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, ProgramResult,
};
use pinocchio_token_2022::instructions::BurnChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = execute_slash::Accounts::parse(accounts)?;
    execute_slash::Args::parse(data)?;
    let config = read_config(&a.config)?;
    if a.io_mint.address() != &config.io_mint || a.stake_vault.address() != &config.stake_vault {
        return Err(Error::InvalidVault.into());
    }
    let now = now()?;
    let (amount, from_active) = with_participant_mut(&a.participant, |p| {
        let due = match p.slash_state {
            SLASH_PENDING => now >= p.slash_at.get(),
            SLASH_UPHELD => true,
            SLASH_CONTESTED => return Err(Error::SlashContested),
            _ => return Err(Error::NoSlash),
        };
        if !due {
            return Err(Error::SlashWindowOpen);
        }
        if &p.authority != a.operator.address() {
            return Err(Error::Unauthorized);
        }
        let moved = with_position_mut(&a.position, |pos| {
            if &pos.staker != a.operator.address() || &pos.participant != a.participant.address() {
                return Err(Error::InvalidPosition);
            }
            let own = pos.active.get().saturating_add(pos.cooling.get());
            // The fraction in force when the quorum was reached, not today's.
            let amount =
                mul_div(own, p.slash_bps.get() as u64, BPS).ok_or(Error::ArithmeticOverflow)?;
            let from_active = amount.min(pos.active.get());
            let from_cooling = amount.saturating_sub(from_active);
            let before = voting_stake(pos)?;
            pos.active.set(pos.active.get().saturating_sub(from_active));
            pos.cooling
                .set(pos.cooling.get().saturating_sub(from_cooling));
            p.own_stake
                .set(p.own_stake.get().saturating_sub(from_active));
            // Slashing applies to locked stake too; what it burns from active stake no longer votes.
            record_power(config.epoch.get(), pos, before)?;
            Ok((amount, from_active))
        })?;
        p.slash_state = SLASH_NONE;
        p.slash_mask.set(0);
        Ok(moved)
    })?;
    with_config_mut(&a.config, |config| {
        let voting = config.voting_total.get();
        record_total(config, voting, voting.saturating_sub(from_active))?;
        let staked = config.staked.get().checked_sub(amount);
        config.staked.set(staked.ok_or(Error::ArithmeticOverflow)?);
        Ok(())
    })?;
    if amount > 0 {
        let bump = [config.authority_bump];
        let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
        BurnChecked::new(
            &a.stake_vault,
            &a.io_mint,
            &a.authority,
            amount,
            IO_DECIMALS,
        )
        .invoke_signed(&[Signer::from(&seeds)])?;
    }
    SlashUpdate {
        participant: *a.participant.address(),
        state: SLASH_NONE,
        amount,
    }
    .emit();
    Ok(())
}
