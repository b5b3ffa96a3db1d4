//! `withdraw`: stake whose cooldown has passed goes back to the staker. The participant's own
//! stake stays while a slash of it is pending, contested or upheld, so `execute_slash` still
//! finds it (in cooling) however long the slash takes once voted; a slash voted after the
//! cooldown has passed finds nothing, so the cooldown must exceed the time the oracles need to
//! reach a slash quorum (docs/staking.md).

use super::now;
use crate::{
    accounts::{
        check_destination, check_unlocked, read_config, read_participant, with_config_mut,
        with_position_mut,
    },
    interface::{withdraw, Error, Withdrawn},
    state::{AUTHORITY_SEED, IO_DECIMALS, SLASH_NONE},
};
use pinocchio::{
    cpi::{Seed, Signer},
    AccountView, ProgramResult,
};
use pinocchio_token_2022::instructions::TransferChecked;

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = withdraw::Accounts::parse(accounts)?;
    withdraw::Args::parse(data)?;
    let config = read_config(&a.config)?;
    if a.io_mint.address() != &config.io_mint || a.stake_vault.address() != &config.stake_vault {
        return Err(Error::InvalidVault.into());
    }
    check_destination(&a.staker_io, &config)?;
    let now = now()?;
    let participant = read_participant(&a.participant)?;
    let amount = with_position_mut(&a.position, |pos| {
        if &pos.staker != a.staker.address() || &pos.participant != a.participant.address() {
            return Err(Error::InvalidPosition);
        }
        check_unlocked(pos, now)?;
        if pos.staker == participant.authority && participant.slash_state != SLASH_NONE {
            return Err(Error::SlashPending);
        }
        if pos.cooling.get() == 0 || now < pos.cooldown_end.get() {
            return Err(Error::CooldownActive);
        }
        let amount = pos.cooling.get();
        pos.cooling.set(0);
        Ok(amount)
    })?;
    with_config_mut(&a.config, |config| {
        let staked = config.staked.get().checked_sub(amount);
        config.staked.set(staked.ok_or(Error::ArithmeticOverflow)?);
        Ok(())
    })?;
    let bump = [config.authority_bump];
    let seeds = [Seed::from(AUTHORITY_SEED), Seed::from(&bump)];
    TransferChecked::new(
        &a.stake_vault,
        &a.io_mint,
        &a.staker_io,
        &a.authority,
        amount,
        IO_DECIMALS,
    )
    .invoke_signed(&[Signer::from(&seeds)])?;
    Withdrawn {
        participant: *a.participant.address(),
        staker: *a.staker.address(),
        amount,
    }
    .emit();
    Ok(())
}
