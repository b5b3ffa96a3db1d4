//! `claim_earnings`: the node's owner withdraws its earnings in one currency (named by the
//! mint) to an account of its choice.

use super::{with_config_mut, with_owned_node};
use crate::{
    interface::{claim_earnings, EarningsClaimed, Error},
    money::{currency_of, money_accounts, read_config},
    reserves,
};
use io_common::account::token_account_owner;
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (a, _) = claim_earnings::Accounts::parse(accounts)?;
    claim_earnings::Args::parse(data)?;
    let config = read_config(&a.config)?;
    let currency = currency_of(&config, &a.mint)?;
    let money = money_accounts!(a).check(&config, currency)?;
    // Not into an account of this program's authority (an escrow, a fee vault or any other):
    // nothing would ever move the tokens out again. (`check` verified the authority.)
    if token_account_owner(&a.to).as_ref() == Some(a.authority.address()) {
        return Err(Error::InvalidDestination.into());
    }
    let amount = with_owned_node(&a.node, &a.owner, |node| {
        let earnings = &mut node.earnings[currency as usize];
        let amount = earnings.get();
        if amount == 0 {
            return Err(Error::NothingToClaim);
        }
        earnings.set(0);
        Ok(amount)
    })?;
    money.pay(&a.to, amount)?;
    with_config_mut(&a.config, |config| {
        reserves::claimed(config, currency, amount)
    })?;
    EarningsClaimed {
        node: *a.node.address(),
        currency,
        amount,
    }
    .emit();
    Ok(())
}
