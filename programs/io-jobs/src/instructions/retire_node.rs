//! `retire_node`: the owner closes its node — once no job is open on it and its earnings are
//! claimed — and takes the rent back.

use super::with_owned_node;
use crate::interface::{retire_node, Error, NodeRetired};
use io_common::account::close_to;
use pinocchio::{AccountView, ProgramResult};

pub fn process(accounts: &[AccountView], data: &[u8]) -> ProgramResult {
    let (
        retire_node::Accounts {
            mut owner,
            mut node,
        },
        _,
    ) = retire_node::Accounts::parse(accounts)?;
    retire_node::Args::parse(data)?;
    with_owned_node(&node, &owner, |n| {
        if n.open_jobs.get() != 0 || n.earnings.iter().any(|e| e.get() != 0) {
            return Err(Error::NodeBusy);
        }
        Ok(())
    })?;
    close_to(&mut node, &mut owner)?;
    NodeRetired {
        node: *node.address(),
        owner: *owner.address(),
    }
    .emit();
    Ok(())
}
